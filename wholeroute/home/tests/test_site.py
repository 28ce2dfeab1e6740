"""The site frame: health check, home page, documentation of every setting."""

import re
from pathlib import Path

from django.conf import settings

from wholeroute import environment


def test_health_check_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_the_home_page_says_what_wholeroute_is_for(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert b"migration partnerships along the whole route" in response.content
    assert b"Sign in" in response.content


def test_every_environment_variable_the_settings_read_is_documented_in_the_readme():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    documented = set(re.findall(r"^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|", readme, flags=re.MULTILINE))
    assert environment.READ, "settings read no environment variables?"
    missing = sorted(set(environment.READ) - documented)
    assert missing == [], f"README 'Configuration' table lacks: {missing}"
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    make_variables = set(re.findall(r"\$\(([A-Z][A-Z0-9_]+)\)", makefile))  # documented in the make-variable table
    stale = sorted(documented - set(environment.READ) - make_variables - {"DJANGO_SETTINGS_MODULE"})
    assert stale == [], f"README documents variables the settings no longer read: {stale}"


def test_security_headers_are_sent(client, db):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_every_wholeroute_command_is_documented_in_the_readme():
    from django.core.management import get_commands

    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    ours = sorted(name for name, app in get_commands().items() if app.startswith("wholeroute."))
    assert "seed" in ours and "backup" in ours
    missing = [name for name in ours if f"`wholeroute {name}" not in readme]
    assert missing == [], f"README 'Commands' table lacks: {missing}"


def test_a_nul_character_in_a_request_is_refused_clearly(client, db):
    assert client.get("/api/indicators/series", {"dataset": "a\x00b"}).status_code == 400
    assert client.post("/api/partnerships/", '{"title": "x\\u0000"}', content_type="application/json").status_code == 400
    assert client.get("/statistics/").status_code == 200


def test_an_id_beyond_the_database_range_is_bad_input_not_a_server_error(client, db):
    huge = 10**20
    assert client.get(f"/partnerships/{huge}/").status_code in (400, 404)
    assert client.get("/api/partnerships/", {"offset": huge}).status_code in (200, 422)
