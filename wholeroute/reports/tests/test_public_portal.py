"""The public portal, crawled as an anonymous visitor: breadth-first from the home page, following every internal
link (GET only, bounded), over a world holding PUBLIC, LIMITED and SENSITIVE canary records of every kind
(wholeroute.access.tests.test_every_route.World). No page may fail, no non-PUBLIC canary may appear, and the
read-only pages for PUBLIC partnerships, processes, events, funding and statistics must be reachable."""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest

from wholeroute.access.models import Classification
from wholeroute.access.tests.test_every_route import World, canary

MAX_PAGES = 4000
MAX_QUERY_VARIANTS = 2  # per path: sorting and filtering links would otherwise multiply pages
MAX_PER_SHAPE = 150  # per path with its numbers blanked: the calendar's "next month" links never end
SKIP_PREFIXES = ("/static/", "/accounts/", "/admin/", "/api/docs")
BINARY = (".pdf", ".docx", ".xlsx")  # the packs' PUBLIC variants are read back in test_packs/test_event_packs
KINDS = ("partnership", "document", "indicator", "allegation", "proposal", "offer", "dataset", "series", "process",
         "event", "message", "entry", "commitment", "action", "forecast", "alert", "alertmessage")
HREF = re.compile(rb'href="([^"]+)"')


def _links(body: bytes):
    for raw in HREF.findall(body):
        url = urldefrag(raw.decode().replace("&amp;", "&"))[0]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not url.startswith("/"):
            continue
        yield url


@pytest.mark.slow
def test_an_anonymous_crawl_of_the_portal_never_shows_a_non_public_record(client, ministry, alice, erin, geography):
    World(ministry, alice, erin, geography)
    hidden = [canary(kind, c) for kind in KINDS for c in (Classification.LIMITED, Classification.SENSITIVE)]
    public = {kind: canary(kind, Classification.PUBLIC) for kind in ("partnership", "process", "event", "dataset")}
    queue, seen, variants, visited = deque(["/"]), {"/"}, {}, []
    found_public = set()
    while queue and len(visited) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        visited.append(url)
        assert response.status_code < 500, f"GET {url}: {response.status_code}"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        leaked = [text for text in hidden if text.encode() in body]
        assert leaked == [], f"anonymous GET {url} shows {leaked}"
        found_public |= {kind for kind, text in public.items() if text.encode() in body}
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        for link in _links(body):
            path = urlsplit(link).path
            if link in seen or path.startswith(SKIP_PREFIXES) or path.endswith(BINARY):
                continue
            shape = re.sub(r"\d+", "#", path)
            if shape != path:
                variants[shape] = variants.get(shape, 0) + 1
                if variants[shape] > MAX_PER_SHAPE:
                    continue
            if urlsplit(link).query:
                variants[path] = variants.get(path, 0) + 1
                if variants[path] > MAX_QUERY_VARIANTS:
                    continue
            seen.add(link)
            queue.append(link)
    print(f"crawled {len(visited)} pages, {len(queue)} left in the queue")
    assert not queue, f"the crawl did not finish within {MAX_PAGES} pages"
    assert len(visited) > 1000, visited
    # The portal's read-only pages are linked from the home page and reachable without signing in.
    assert {"/partnerships/", "/outreach/processes/", "/outreach/", "/funding/", "/statistics/"} <= set(visited)
    assert found_public == set(public), f"PUBLIC records not reached: {set(public) - found_public}"
    # The canaries are really there: a signed-in participant sees the LIMITED one on the same list page.
    from django.test import Client

    signed_in = Client()
    signed_in.force_login(alice, backend="django.contrib.auth.backends.ModelBackend")
    assert canary("partnership", Classification.LIMITED).encode() in signed_in.get("/partnerships/").content
