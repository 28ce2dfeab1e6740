"""Ten staff users browsing wholeroute: dashboards, lists, country and route pages and the API.

Driven by benchmarks/load.py; runs only against the server that script starts on 127.0.0.1.
"""

import random

from locust import HttpUser, between, task

COUNTRIES = ["TN", "LY", "MA", "TR", "SN", "NG", "SY", "AF", "GR", "IT"]
ROUTES = ["central-mediterranean", "eastern-mediterranean", "western-mediterranean", "western-african",
          "western-balkan", "eastern-borders"]
USERS = ["alice@interior.example", "bob@delegation.example", "carol@frontex.example", "erin@interior.example"]


class StaffUser(HttpUser):
    wait_time = between(0.1, 0.5)

    def on_start(self):
        self.client.get("/accounts/login/", name="sign-in form")
        token = self.client.cookies.get("csrftoken", "")
        self.client.post("/accounts/login/", {"login": random.choice(USERS), "password": "wholeroute-demo-2026",
                                              "csrfmiddlewaretoken": token},
                         headers={"Referer": self.host + "/accounts/login/"}, name="sign in")

    @task(1)
    def healthz(self):
        self.client.get("/healthz", name="/healthz")

    @task(3)
    def dashboard(self):
        self.client.get("/", name="dashboard")

    @task(2)
    def country(self):
        self.client.get(f"/countries/{random.choice(COUNTRIES)}/", name="country page")

    @task(2)
    def route(self):
        self.client.get(f"/routes/{random.choice(ROUTES)}/", name="route page")

    @task(2)
    def lists(self):
        self.client.get(random.choice(["/partnerships/", "/countries/", "/routes/"]), name="list pages")

    @task(2)
    def api(self):
        self.client.get(random.choice(["/api/partnerships/", "/api/geo/countries", "/api/geo/routes"]), name="api")
