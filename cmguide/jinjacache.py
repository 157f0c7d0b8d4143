"""Compiled templates kept between builds: Jinja's bytecode cache, keyed by everything that shapes the code.

Jinja keys its cache by a template's name, file and source only: two environments that compile the same file with
other settings (escaping, delimiters, extensions) would share code meant for the other. Here the key also holds the
environment's settings, so the one cache can serve our templates and the theme's. An environment whose settings
cannot be told apart from its configuration (escaping or finalize decided by a function) compiles every time.
The folder is Jinja's own: one per user in the system's temporary directory, readable by that user only.
"""

from __future__ import annotations

import hashlib

import jinja2
from jinja2 import Environment
from jinja2.bccache import Bucket, FileSystemBytecodeCache


def settings_key(env: Environment) -> str | None:
    """What, besides the source, decides the code Jinja compiles; None when it cannot be known from the settings."""
    if callable(env.autoescape) or env.finalize is not None:
        return None
    settings = (
        jinja2.__version__,
        f"{type(env).__module__}.{type(env).__qualname__}",
        f"{env.code_generator_class.__module__}.{env.code_generator_class.__qualname__}",
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        env.sandboxed,
        bool(env.autoescape),
        sorted(env.extensions),
        sorted(getattr(env, "intercepted_binops", ())),  # sandboxed environments only
        sorted(getattr(env, "intercepted_unops", ())),
    )
    return hashlib.sha256(repr(settings).encode("utf-8")).hexdigest()


class SettingsKeyedCache(FileSystemBytecodeCache):
    """Jinja's file-system bytecode cache, with the environment's settings in each entry's key."""

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        key = settings_key(environment)
        if key is None:  # compiled, never loaded nor kept
            return _Unkept(environment, "", self.get_source_checksum(source))
        return super().get_bucket(environment, name, f"{filename}\x00{key}", source)

    def set_bucket(self, bucket: Bucket) -> None:
        if not isinstance(bucket, _Unkept):
            super().set_bucket(bucket)


class _Unkept(Bucket):
    pass


def compiled_templates_cache() -> SettingsKeyedCache | None:
    """The cache, or None where the system has no usable temporary directory (templates are then compiled every
    time, as Jinja does by default)."""
    try:
        return SettingsKeyedCache()
    except OSError:
        return None
