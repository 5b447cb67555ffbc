"""``renda serve``: the query API and explorer over a store; ``renda demo``: the official areas
and the bundled sample articles loaded into a store, then served."""

from __future__ import annotations

import click

from renda.cli.app import Ctx, emit, handles_errors
from renda.errors import RendaError

PORT = click.option(
    "--port", type=click.IntRange(1, 65535), default=None, help="Port to bind (default 8000, or RENDA_PORT)."
)
"""``--port N``: where ``serve`` and ``demo`` listen; a number no port has is refused before anything loads."""


def check_port(host: str, port: int) -> None:
    """RendaError unless ``host:port`` can be bound now (another server on it fails here, before
    anything is loaded or a URL printed)."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds: a closing socket is no obstacle
        try:
            s.bind((host, port))
        except OSError as exc:
            raise RendaError(
                f"cannot serve on {host}:{port}: {exc.strerror or exc} (another server? try --port)"
            ) from None


def _serve(obj: Ctx, host: str | None, port: int | None) -> None:
    """Serve the store, once its file is checked whole: a damaged store is refused here, not served
    with a /health that says ok. Read-only unless a writer is configured (``RENDA_TOKEN`` or
    ``RENDA_TOKENS_FILE``): only then can a request write (judgements, facts), and only with a token."""
    from renda.api.app import create_app
    from renda.api.server import serve
    from renda.settings import get_settings

    settings = get_settings().model_copy(update={"db": obj.db_url})
    host, port = host or settings.host, port or settings.port
    check_port(host, port)
    writers = bool(settings.token or settings.tokens_file)
    app = create_app(obj.store(read_only=not writers, verify=True), settings=settings)
    click.echo(f"renda: serving {obj.db_url}: explorer at http://{host}:{port}/ , API docs at /docs", err=True)
    serve(app, host, port)


@click.command()
@click.option("--host", default=None, help="Address to bind (default 127.0.0.1, or RENDA_HOST).")
@PORT
@click.pass_obj
@handles_errors
def serve(obj: Ctx, host: str | None, port: int | None) -> None:
    """Serve the query API over the store.

    \b
    Example:
      renda --db renda.db serve --port 8000
      curl -G http://127.0.0.1:8000/search --data-urlencode q=人大
    """
    _serve(obj, host, port)


@click.command()
@click.option("--host", default=None, help="Address to bind (default 127.0.0.1).")
@PORT
@click.option("--no-serve", is_flag=True, help="Load the data and stop.")
@click.pass_obj
@handles_errors
def demo(obj: Ctx, host: str | None, port: int | None, no_serve: bool) -> None:
    """Everything a newcomer needs: the official areas and the bundled sample articles
    into the default store, then serve the API.

    \b
    Example:
      renda demo
    """
    from renda.ingest.areas import ingest_areas
    from renda.ingest.articles import ingest_articles
    from renda.samples import demo_articles

    if not no_serve:
        from renda.settings import get_settings

        settings = get_settings()
        check_port(host or settings.host, port or settings.port)
    click.echo(f"renda: loading the official areas and the sample articles into {obj.db_url}", err=True)
    ingest_areas(obj.store(), quiet=obj.quiet)
    ingest_articles(obj.store(), [demo_articles()], quiet=obj.quiet)
    emit(obj.store().counts().as_dict())
    obj.store().close()
    if not no_serve:
        _serve(obj, host, port)
