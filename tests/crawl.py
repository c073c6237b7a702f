"""Following every link a client is shown, as a visitor would (shared by the tests that read the
whole application: markup everywhere, the newcomer's walk)."""

import html
import re

_LINK = re.compile(r'(?:href|src)="([^"]+)"')
#: the downloads and the API: no pages, and the slow part of a crawl (each PDF is made by
#: WeasyPrint); for a crawl that checks the pages only (`Reader(..., leave_out=DOWNLOADS)`)
DOWNLOADS = re.compile(r"^/api/|\.(?:pdf|csv|xlsx|ics|json|pb)(?:\?|$)")
_SKIP = re.compile(r"^(?:https?:|mailto:|tel:|#|data:)|^/(?:static|assets)/|/logout|lang=")


class Reader:
    """Follows every link of the app a client is shown, keeping what each answer said."""

    def __init__(self, client, who: str, leave_out: re.Pattern | None = None) -> None:
        self.client, self.who = client, who
        #: links not followed besides the usual (a crawl that needs only the pages, not the
        #: downloads, which are the slow part: PDFs, spreadsheets)
        self.leave_out = leave_out
        self.seen: set[str] = set()
        self.answers: list[tuple[str, str, str]] = []  # (where, media type, text)

    def read(self, *start: str, budget: int = 700) -> None:
        waiting = [url for url in start if url not in self.seen]
        while waiting and len(self.seen) < budget:
            url = waiting.pop(0)
            if url in self.seen:
                continue
            self.seen.add(url)
            response = self.client.get(url)
            assert response.status_code < 500, f"{self.who} {url}: {response.status_code}"
            media = response.mimetype or ""
            if not media.startswith(("text/", "application/json")):
                response.close()  # a download (the demo's explanatory notes) streams its file
                continue
            text = response.get_data(as_text=True)
            self.answers.append((f"{self.who} {url}", media, text))
            if media == "text/html":
                for found in _LINK.findall(text):
                    link = html.unescape(found).split("#")[0]
                    if self._follows(link):
                        waiting.append(link)

    def _follows(self, link: str) -> bool:
        if not link.startswith("/") or _SKIP.search(link) or link in self.seen:
            return False
        return self.leave_out is None or not self.leave_out.search(link)
