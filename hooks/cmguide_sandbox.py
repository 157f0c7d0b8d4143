"""MkDocs hook: hand-written pages that opt in to mkdocs-macros run in Jinja's sandbox.

Pages made from the content never reach mkdocs-macros (they are final Markdown, and `render_by_default` is
false). A hand-written page opts in with `render_macros: true`; even then its template cannot reach Python's
internals (`cycler.__init__.__globals__`…): the sandbox refuses such attributes and the build fails.
"""

from __future__ import annotations

from jinja2.sandbox import ImmutableSandboxedEnvironment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

# Hooks


@event_priority(-100)  # after mkdocs-macros has made its template environment (it does, once per language)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    macros = config.plugins["macros"]
    env = macros.env
    if not isinstance(env, ImmutableSandboxedEnvironment):
        macros._env = _sandboxed(env)
    return config


# Helper functions


def _sandboxed(env):
    """The same environment (loader, delimiters, globals, filters), sandboxed."""
    sandbox = ImmutableSandboxedEnvironment(
        loader=env.loader,
        undefined=env.undefined,
        extensions=list(env.extensions),
        block_start_string=env.block_start_string,
        block_end_string=env.block_end_string,
        variable_start_string=env.variable_start_string,
        variable_end_string=env.variable_end_string,
        comment_start_string=env.comment_start_string,
        comment_end_string=env.comment_end_string,
    )
    sandbox.globals.update(env.globals)
    sandbox.filters.update(env.filters)
    return sandbox
