"""A RENDA_* variable whose value does not fit its setting fails a command as one line naming the
variable, exit 2, never a traceback; a secret's value is never repeated."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from renda.cli import main
from renda.settings import Settings, env_error, get_settings


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """The settings are read once per process: read again for each test, and after it."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def invoke(args: list[str], **env: str) -> tuple[int, str]:
    r = CliRunner().invoke(main, args, env=env)
    return r.exit_code, r.output


def test_a_port_that_is_no_number_fails_a_command_as_one_line() -> None:
    code, out = invoke(["stats"], RENDA_PORT="abc")
    assert code == 2
    assert out.strip().splitlines() == [
        "renda: error: RENDA_PORT='abc': Input should be a valid integer, unable to parse string as an integer"
    ]


@pytest.mark.parametrize("value", ["0", "65536", "99999"])
def test_a_port_no_socket_has_is_refused_as_one_line(value: str) -> None:
    code, out = invoke(["serve"], RENDA_PORT=value)
    assert code == 2 and f"RENDA_PORT='{value}'" in out and len(out.strip().splitlines()) == 1
    code, out = invoke(["serve", "--port", value])  # the option: click's own one-line refusal
    assert code == 2 and "is not in the range 1<=x<=65535" in out and "Traceback" not in out


def test_a_rule_floor_above_one_fails_extraction_as_one_line(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text(
        "县人大常委会视察城东污水处理厂改造工程\n近日，县人大常委会视察了城东污水处理厂改造工程。\n（张三）\n", "utf-8"
    )
    code, out = invoke(["-q", "extract", str(art), "--jobs", "1"], RENDA_RULE_FLOOR="2")
    assert code == 2
    assert "RENDA_RULE_FLOOR='2'" in out and "Traceback" not in out and len(out.strip().splitlines()) == 1


def test_values_that_fit_are_read() -> None:
    code, out = invoke(["stats"], RENDA_PORT="8123", RENDA_DB="memory:")
    assert code == 0, out
    assert '"nodes": 0' in out  # the store RENDA_DB names: a new memory store
    assert get_settings().port == 8123 and get_settings().db == "memory:"


def test_a_secret_is_not_repeated_in_the_error() -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(token=["s3cr3t-value-long-enough"], port="x")  # type: ignore[arg-type]
    line = env_error(caught.value)
    assert "RENDA_TOKEN:" in line and "s3cr3t" not in line
    assert "RENDA_PORT='x'" in line
