"""Engine errors are shown in the interface language, chosen by their stable error_code."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("query", "ui", "expected"),
    [
        ("***", "ru", "В запросе нет слов для поиска"),
        ("***", "kk", "Сұрауда іздейтін сөз жоқ"),
        ("***", "en", "The query has no words to search for, only operators"),
        ("( ) OR", "ru", "После исправления запроса в нём не осталось слов"),
        ("( ) OR", "kk", "Сұрау түзетілгеннен кейін онда іздейтін сөз қалмады"),
        ("( ) OR", "en", "Nothing was left to search for after correcting the query"),
    ],
)
def test_error_is_shown_in_the_interface_language(real_client, query, ui, expected):
    resp = real_client.get("/search", query_string={"q": query, "ui": ui})
    assert resp.status_code == 200
    assert expected in resp.get_data(as_text=True)


def test_api_reports_the_error_code(real_client):
    data = real_client.get("/api/search", query_string={"q": "***"}).get_json()
    assert data["error_code"] == "syntax"
    assert data["total"] == 0
