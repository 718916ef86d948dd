"""Typed exceptions. The library raises these; the CLI turns them into one line and an exit code.

    ConsilienceError
    ├── InputError            one input could not be used; the batch goes on without it
    │   ├── FetchError        URL unreachable, timed out, HTTP error, wrong content type
    │   ├── TooLargeError     over the size cap
    │   ├── DecodeError       binary data or text in no encoding we can decode
    │   ├── FormatError       malformed feed, WARC record, JSONL line
    │   └── NoArticleError    the document holds no article text
    ├── NotFoundError         an article or story id that is not stored
    ├── StoreError            the database cannot be opened or migrated
    └── ConfigError           a setting with a bad value

Every message names the input and the reason, so ``str(err)`` is what a user reads.
"""

from __future__ import annotations


class ConsilienceError(Exception):
    """Base of every error consilience raises on purpose."""


class InputError(ConsilienceError):
    """An input that cannot be used. ``source`` names it, ``reason`` says why."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class FetchError(InputError):
    pass


class TooLargeError(InputError):
    pass


class DecodeError(InputError):
    pass


class FormatError(InputError):
    pass


class NoArticleError(InputError):
    pass


class NotFoundError(ConsilienceError):
    pass


class StoreError(ConsilienceError):
    pass


class ConfigError(ConsilienceError):
    pass
