"""No student's name, guardian or phone number is reachable anonymously: the whole demo
site is crawled (both languages, every link followed, the feeds, the sitemap, the figures,
search for every name) and every answer is searched for every child's identity."""

import re
from urllib.parse import parse_qs, urljoin, urlparse

import pytest

from django.core.management import call_command

from portal.models import Student

pytestmark = pytest.mark.django_db
KEPT_OUT = ("/portal/", "/en/portal/", "/accounts/", "/en/accounts/", "/admin/", "/static/")
LINK = re.compile(r'(?:href|src)="([^"#]+)"')


def crawl(client, starts):
    seen, queue, bodies = set(), list(starts), {}
    while queue:
        path = queue.pop()
        if path in seen or path.startswith(KEPT_OUT):
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or response.get("Content-Type", "").startswith("image/"):
            continue
        body = response.content.decode(errors="replace")
        bodies[path] = body
        for link in LINK.findall(body):
            address = urlparse(urljoin("http://testserver" + path, link))
            if address.netloc in ("", "testserver") and not address.path.startswith("/media/"):
                queue.append(address.path + (f"?{address.query}" if address.query else ""))
    return bodies


def test_a_visitor_reaches_no_child_by_any_public_page(client):
    call_command("load_initial_data", verbosity=0)
    students = list(Student.objects.all())
    identities = {
        text
        for student in students
        for text in (student.full_name, student.guardian_name, student.guardian_phone)
        if text
    }
    starts = ["/", "/en/", "/sitemap.xml", "/robots.txt", "/api/impact.json", "/tin-tuc/rss/"]
    starts += [f"/tim-kiem/?q={name}" for name in {s.full_name.split()[-1] for s in students}]
    starts += [f"/tim-kiem/?q={student.full_name}" for student in students]

    bodies = crawl(client, starts)

    def shown(path, body):
        """The page without the visitor's own search words (the search box repeats them)."""
        typed = parse_qs(urlparse(path).query).get("q", [""])[0]
        return body.replace(typed, "") if typed else body

    leaks = [
        (path, text)
        for path, body in bodies.items()
        for text in identities
        if text in shown(path, body)
    ]
    assert len(bodies) > 60
    assert len(identities) > 20
    assert leaks == []
    print(f"\npages crawled: {len(bodies)}; identities searched: {len(identities)}; leaks: 0")
