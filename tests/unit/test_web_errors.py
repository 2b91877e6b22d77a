"""An invalid value in a request: a page answers one Chinese line naming the field, the API its JSON shape."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient
from pydantic import BaseModel

from app.web.errors import install_error_handlers, invalid_field


class Entry(BaseModel):
    count: int


def _as_page(request: Request, status: int, message: str) -> Response | None:
    return None if request.url.path.startswith("/api") else PlainTextResponse(message, status_code=status)


def _app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app, page=_as_page)

    @app.get("/page/{number}")
    def page(number: int, year: int = 2026) -> dict[str, int]:
        return {"number": number, "year": year}

    @app.get("/api/thing")
    def api(year: int) -> dict[str, int]:
        return {"year": year}

    @app.post("/api/entries")
    def entries(entry: Entry) -> dict[str, int]:
        return {"count": entry.count}

    return app


def test_a_page_names_the_invalid_field_in_chinese_without_the_validators_english() -> None:
    client = TestClient(_app())
    bad_year = client.get("/page/1?year=abc")
    assert bad_year.status_code == 400 and bad_year.text == "请求参数无效：地址参数 year"
    bad_path = client.get("/page/x")
    assert bad_path.status_code == 400 and bad_path.text == "请求参数无效：地址中的 number"
    assert "Input should" not in bad_year.text + bad_path.text


def test_the_api_keeps_its_error_shape_and_exit_code() -> None:
    client = TestClient(_app())
    answer = client.get("/api/thing?year=abc")
    assert answer.status_code == 400
    assert set(answer.json()) == {"error", "exit_code"} and answer.json()["exit_code"] == 2
    assert answer.json()["error"].startswith("请求参数无效：query.year")
    body = client.post("/api/entries", json={"count": "many"})
    assert body.status_code == 400 and body.json()["error"].startswith("请求参数无效：count")


def test_the_field_is_named_by_where_it_was_and_a_list_position_is_left_out() -> None:
    assert invalid_field(("body", "grounds", 0)) == "请求参数无效：表单项 grounds"
    assert invalid_field(("body",)) == invalid_field(()) == "请求参数无效：请求内容"
    assert invalid_field(("elsewhere", "x")) == "请求参数无效：x"
