"""LinkedIn organization pages through LinkedIn's versioned REST API.

Health systems reach clinicians, recruits and referrers on LinkedIn: this
client reads a page's followers (anyone's, for benchmarking), our own page's
posts with their statistics and the comments on them, publishes posts and
answers comments as the organization.

Followed (Community Management API, learn.microsoft.com/linkedin/marketing):
- versioning: base ``https://api.linkedin.com/rest``, every call with
  ``LinkedIn-Version: YYYYMM`` and ``X-Restli-Protocol-Version: 2.0.0``; URNs
  in paths are URL-encoded; lists in queries are ``List(a,b)``.
- organization lookup: ``GET /organizations?q=vanityName&vanityName=...``
  (id, localizedName, vanityName, localizedWebsite, localizedDescription).
- follower count: ``GET /networkSizes/{organization urn}?edgeType=COMPANY_FOLLOWED_BY_MEMBER``
  (``firstDegreeSize``), readable for any organization.
- organization access control: ``GET /organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED``:
  which pages the token's member administers.
- Posts API: ``GET /posts?q=author&author={urn}&count=&start=`` (an
  administrator's token only: a peer's posts are not readable), ``POST /posts``
  (201, the new post's URN in the ``x-restli-id`` header).
- share statistics: ``GET /organizationalEntityShareStatistics?q=organizationalEntity
  &organizationalEntity={urn}&shares=List(...)`` (likeCount, commentCount,
  shareCount, impressionCount, clickCount per post).
- Images API: ``POST /images?action=initializeUpload`` with
  ``initializeUploadRequest.owner``; the answer's ``value`` has ``uploadUrl``
  (the bytes are PUT there with the bearer token) and ``image`` (its URN), which
  a post names in ``content.media.id`` (one) or ``content.multiImage.images``
  (2 to 20), each with ``altText``.
- Comments API: ``GET /socialActions/{urn}/comments`` and ``POST
  /socialActions/{urn}/comments`` with ``actor``, ``object``, ``message.text``
  and, for a reply to a comment, ``parentComment``.
- OAuth 2.0 three-legged flow: authorize at ``www.linkedin.com/oauth/v2/authorization``,
  ``POST /oauth/v2/accessToken`` with the client id and secret in the form;
  the ``refresh_token`` grant for apps LinkedIn gave programmatic refresh.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar
from urllib.parse import quote

from . import limits
from . import parsing as p
from .base import Credentials, NetworkClient
from .errors import AuthError, NotFound, NotSupported, PayloadError, PermanentError
from .oauth import build_authorize_url, refresh_token_of, request_token
from .records import MediaFile, Message, MessageKind, Page, Post, PostedReply, ProfileStats, Sent

#: the API version this client was written against (LinkedIn keeps each a year)
API_VERSION = "202511"
AUTHORIZE_URL = "https://www.linkedin.com/oauth/v2/authorization"
TOKEN_URL = "https://www.linkedin.com/oauth/v2/accessToken"
DEFAULT_SCOPES = ("r_organization_social", "w_organization_social", "rw_organization_admin")
ORG_PREFIX = "urn:li:organization:"
_VANITY = re.compile(r"^[a-z0-9][a-z0-9-]{1,99}$")
# linkedin.com/company/name, or company/name as the website crawl records it
_URL = re.compile(r"^(?:(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/)?(?:company|school|showcase)/([^/?#]+)/?(?:[?#].*)?$",
                  re.I)
#: a comment's URN names the post (activity) it is on: urn:li:comment:(urn:li:activity:1,2)
_COMMENT = re.compile(r"^urn:li:comment:\((urn:li:[a-zA-Z]+:[^,()]+),([^()]+)\)$")
#: how many of our latest posts are read for comments in one sync
POSTS_FOR_COMMENTS = 20
PAGE_SIZE = 50
#: an image's altText in a post: at most 4,086 characters (Posts API)
ALT_TEXT_MAX = 4086


def post_url(urn: str) -> str:
    return f"https://www.linkedin.com/feed/update/{urn}/"


class LinkedInClient(NetworkClient):
    slug: ClassVar[str] = "linkedin"
    label: ClassVar[str] = "LinkedIn"
    default_base_url: ClassVar[str] = "https://api.linkedin.com/rest"
    capabilities: ClassVar[frozenset[str]] = frozenset({"profile", "posts", "messages", "publish", "reply"})
    reads_back_replies: ClassVar[bool] = True
    image_posting: ClassVar[str] = "upload"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._orgs: dict[str, Mapping[str, Any]] = {}
        self._administered: set[str] | None = None
        # our latest posts, read once per client: messages() pages through them one post a page
        self._latest: dict[str, list[Mapping[str, Any]]] = {}

    @classmethod
    def normalize_handle(cls, handle: str) -> str:
        raw = (handle or "").strip()
        match = _URL.match(raw)
        name = (match.group(1) if match else raw).removeprefix("@").lower()
        if not _VANITY.match(name):
            raise ValueError(
                f"LinkedIn: {handle!r} is not a LinkedIn page; expected its vanity name (riverbend-health) "
                "or linkedin.com/company/riverbend-health"
            )
        return name

    # -- reads ---------------------------------------------------------------
    def profile(self, handle: str) -> ProfileStats:
        name = self.normalize_handle(handle)
        org = self._organization(name)
        urn = ORG_PREFIX + str(org["id"])
        sizes = p.obj(self.slug, self._get(f"/networkSizes/{quote(urn, safe='')}",
                                           {"edgeType": "COMPANY_FOLLOWED_BY_MEMBER"}), "networkSizes")
        where = "organization"
        salvage = p.Salvage(self.slug, urn)
        return ProfileStats(
            network=self.slug,
            external_id=urn,
            handle=name,
            taken_at=p.now(),
            name=p.text(self.slug, org, "localizedName", where),
            description=p.text(self.slug, org, "localizedDescription", where),
            url=f"https://www.linkedin.com/company/{name}/",
            website=p.text(self.slug, org, "localizedWebsite", where),
            followers=salvage.count(sizes, "firstDegreeSize", "networkSizes"),
            problems=tuple(salvage.problems),
        )

    def posts(self, handle: str, cursor: str | None = None) -> Page[Post]:
        """Our page's posts, newest first, with their statistics (an
        administrator's token: LinkedIn does not show a peer's posts)."""
        name = self.normalize_handle(handle)
        urn = self._own_urn(name)
        start = _start(cursor)
        answer = p.obj(self.slug, self._get("/posts", {"q": "author", "author": urn, "count": str(PAGE_SIZE),
                                                        "start": str(start), "sortBy": "CREATED"}), "posts")
        elements = p.items(self.slug, answer.get("elements"), "elements")
        stats = self._share_statistics(urn, [e.get("id") for e in elements if isinstance(e, Mapping)])
        more = _next_start(answer, start, len(elements))
        return p.page(self.slug, elements, lambda raw, where: self._post(name, raw, where, stats),
                      more, "elements[{}]")

    def messages(self, handle: str, cursor: str | None = None) -> Page[Message]:
        """Comments on our latest posts, one post a page (the cursor is which
        post), leaving out our own organization's comments."""
        name = self.normalize_handle(handle)
        urn = self._own_urn(name)
        index = _start(cursor)
        if urn not in self._latest:
            latest = p.obj(self.slug, self._get("/posts", {"q": "author", "author": urn,
                                                            "count": str(POSTS_FOR_COMMENTS), "start": "0",
                                                            "sortBy": "CREATED"}), "posts")
            self._latest[urn] = [e for e in p.items(self.slug, latest.get("elements"), "elements")
                                 if isinstance(e, Mapping)]
        posts = self._latest[urn]
        if index >= len(posts):
            return Page([], None)
        post_urn = p.text(self.slug, posts[index], "id", f"elements[{index}]", required=True)
        answer = p.obj(self.slug, self._get(f"/socialActions/{quote(post_urn, safe='')}/comments",
                                            {"count": "100"}), "comments")
        comments = [c for c in p.items(self.slug, answer.get("elements"), "elements")
                    if not (isinstance(c, Mapping) and c.get("actor") == urn)]
        more = str(index + 1) if index + 1 < len(posts) else None
        return p.page(self.slug, comments, lambda raw, where: self._comment(post_urn, raw, where), more,
                      "elements[{}]")

    # -- writes --------------------------------------------------------------
    def publish(self, handle: str, text: str) -> Sent:
        return self._create_post(self._own_urn(self.normalize_handle(handle)), text)

    def publish_media(self, handle: str, text: str, images: Sequence[MediaFile]) -> Sent:
        """Each image is registered with the Images API (``POST
        /images?action=initializeUpload`` with the page as ``owner``; the
        answer's ``value`` holds ``uploadUrl`` and the image's URN), its bytes
        PUT to that ``uploadUrl``; then one post names them: ``content.media``
        for one image, ``content.multiImage`` for 2 to 20, each with its
        ``altText``. Registering and uploading publish nothing: only the
        last call does."""
        self._check_image_count(images)
        limit = limits.limit_for(self.slug, "post")
        refused = [i.mime_type for i in images if limit and limit.image_types and i.mime_type not in limit.image_types]
        if refused:
            raise PermanentError(self.slug, f"LinkedIn takes JPG, GIF and PNG images, not {', '.join(refused)}")
        urn = self._own_urn(self.normalize_handle(handle))
        uploaded = [{"id": self._upload_image(urn, image, n), "altText": image.alt_text[:ALT_TEXT_MAX]}
                    for n, image in enumerate(images)]
        if len(uploaded) == 1:
            content: dict[str, Any] = {"media": uploaded[0]}
        else:
            content = {"multiImage": {"images": uploaded}}
        return self._create_post(urn, text, content)

    def _upload_image(self, owner: str, image: MediaFile, n: int) -> str:
        where = f"images[{n}]"
        answer = p.obj(self.slug, self.http.post_json(
            self.url("/images"), params={"action": "initializeUpload"}, headers=self._headers(),
            json_body={"initializeUploadRequest": {"owner": owner}}, idempotent=False), where)
        value = p.obj(self.slug, answer.get("value"), f"{where}.value")
        upload_url = p.text(self.slug, value, "uploadUrl", f"{where}.value", required=True)
        image_urn = p.text(self.slug, value, "image", f"{where}.value", required=True)
        if not upload_url.startswith(("https://", "http://")):
            raise PayloadError(self.slug, f"{where}.value.uploadUrl", f"not a web address: {upload_url[:80]!r}")
        # The upload address is LinkedIn's own storage: only the bearer token
        # goes with the bytes. Putting the same bytes twice is harmless.
        self.http.request("PUT", upload_url, content=image.data, idempotent=True, headers={
            "Authorization": self._headers()["Authorization"], "Content-Type": image.mime_type})
        return image_urn

    def _create_post(self, urn: str, text: str, content: Mapping[str, Any] | None = None) -> Sent:
        body: dict[str, Any] = {
            "author": urn,
            "commentary": text,
            "visibility": "PUBLIC",
            "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [],
                             "thirdPartyDistributionChannels": []},
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        if content:
            body["content"] = content
        response = self.http.request("POST", self.url("/posts"), json_body=body, headers=self._headers(),
                                     idempotent=False)
        created = response.headers.get("x-restli-id") or response.headers.get("x-linkedin-id") or ""
        if not created:
            raise PayloadError(self.slug, "POST /posts", "no x-restli-id header: the post's id is unknown")
        return Sent(self.slug, created, post_url(created))

    def reply(self, handle: str, in_reply_to: str, text: str) -> Sent:
        """Answer a comment (``in_reply_to`` is its URN) as the organization;
        a post's URN answers the post itself."""
        urn = self._own_urn(self.normalize_handle(handle))
        post_urn, parent = _thread_of(in_reply_to)
        body: dict[str, Any] = {"actor": urn, "object": post_urn, "message": {"text": text}}
        if parent:
            body["parentComment"] = parent
        response = self.http.request("POST", self.url(f"/socialActions/{quote(in_reply_to, safe='')}/comments"),
                                     json_body=body, headers=self._headers(), idempotent=False)
        answer = p.obj(self.slug, self.http.parse_json(response), "comment")
        created = (p.text(self.slug, answer, "commentUrn", "comment") or response.headers.get("x-restli-id", ""))
        if not created:
            raise PayloadError(self.slug, "comment.commentUrn", "missing: the reply's id is unknown")
        return Sent(self.slug, created, post_url(post_urn))

    def our_replies(self, handle: str, in_reply_to: str) -> list[PostedReply]:
        urn = self._own_urn(self.normalize_handle(handle))
        post_urn, _ = _thread_of(in_reply_to)
        answer = p.obj(self.slug, self._get(f"/socialActions/{quote(in_reply_to, safe='')}/comments",
                                            {"count": "100"}), "comments")
        found = []
        for i, raw in enumerate(p.items(self.slug, answer.get("elements"), "elements")):
            comment = p.obj(self.slug, raw, f"elements[{i}]")
            if comment.get("actor") != urn:
                continue
            message = comment.get("message")
            text = p.text(self.slug, message, "text", f"elements[{i}].message") if isinstance(message, Mapping) else ""
            found.append(PostedReply(self.slug, p.text(self.slug, comment, "commentUrn", f"elements[{i}]",
                                                       required=True), text, post_url(post_urn)))
        return found

    # -- OAuth ---------------------------------------------------------------
    @property
    def token_url(self) -> str:
        # A stand-in (or a proxy) in place of the API answers the token call too.
        return TOKEN_URL if self.base_url == self.default_base_url else self.url("/oauth/v2/accessToken")

    def authorize_url(
        self, client_id: str, redirect_uri: str, state: str, scopes: Iterable[str] = DEFAULT_SCOPES
    ) -> str:
        return build_authorize_url(AUTHORIZE_URL, client_id=client_id, redirect_uri=redirect_uri, state=state,
                                   scopes=scopes)

    def exchange_code(self, code: str, redirect_uri: str) -> Credentials:
        base = self.credentials
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
                "client_id": base.client_id, "client_secret": base.client_secret}
        return request_token(self.http, self.token_url, form, base=base)

    def refresh(self, credentials: Credentials) -> Credentials:
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token_of(self.slug, credentials),
                "client_id": credentials.client_id, "client_secret": credentials.client_secret}
        return request_token(self.http, self.token_url, form, base=credentials)

    # -- helpers -------------------------------------------------------------
    def _headers(self) -> dict[str, str]:
        if not self.credentials.token:
            raise AuthError(self.slug, "no access token: connect the LinkedIn page")
        return {"Authorization": f"Bearer {self.credentials.token}", "LinkedIn-Version": API_VERSION,
                "X-Restli-Protocol-Version": "2.0.0"}

    def _get(self, path: str, params: Mapping[str, str]) -> Any:
        return self.http.get_json(self.url(path), params=params, headers=self._headers())

    def _organization(self, name: str) -> Mapping[str, Any]:
        if name not in self._orgs:
            answer = p.obj(self.slug, self._get("/organizations", {"q": "vanityName", "vanityName": name}),
                           "organizations")
            found = p.items(self.slug, answer.get("elements"), "elements")
            if not found:
                raise NotFound(self.slug, f"no LinkedIn page named {name!r}")
            org = p.obj(self.slug, found[0], "elements[0]")
            if not isinstance(org.get("id"), int | str) or isinstance(org.get("id"), bool):
                raise PayloadError(self.slug, "elements[0].id", "missing organization id")
            self._orgs[name] = org
        return self._orgs[name]

    def _own_urn(self, name: str) -> str:
        """The page's URN, once the token is known to administer it: posts,
        comments and writes answer for whichever page is named, so a peer's
        channel must never be read or written with our token."""
        urn = ORG_PREFIX + str(self._organization(name)["id"])
        if self._administered is None:
            answer = p.obj(self.slug, self._get("/organizationAcls", {"q": "roleAssignee", "role": "ADMINISTRATOR",
                                                                       "state": "APPROVED"}), "organizationAcls")
            self._administered = {
                str(acl.get("organization", "")) for acl in p.items(self.slug, answer.get("elements"), "elements")
                if isinstance(acl, Mapping)
            }
        if urn not in self._administered:
            raise NotSupported(self.slug, f"the connected member does not administer the page {name!r}: "
                                          "LinkedIn shows a page's posts and comments only to its administrators")
        return urn

    def _share_statistics(self, org_urn: str, post_urns: list[Any]) -> dict[str, Mapping[str, Any]]:
        shares = [u for u in post_urns if isinstance(u, str) and u]
        if not shares:
            return {}
        answer = p.obj(self.slug, self._get("/organizationalEntityShareStatistics", {
            "q": "organizationalEntity", "organizationalEntity": org_urn,
            "shares": "List(" + ",".join(shares) + ")"}), "shareStatistics")
        found: dict[str, Mapping[str, Any]] = {}
        for raw in p.items(self.slug, answer.get("elements"), "elements"):
            if not isinstance(raw, Mapping):
                continue
            key = raw.get("share") or raw.get("ugcPost")
            totals = raw.get("totalShareStatistics")
            if isinstance(key, str) and isinstance(totals, Mapping):
                found[key] = totals
        return found

    def _post(self, name: str, raw: Any, where: str, stats: Mapping[str, Mapping[str, Any]]) -> Post:
        post = p.obj(self.slug, raw, where)
        urn = p.text(self.slug, post, "id", where, required=True)
        totals = stats.get(urn)
        swhere = f"shareStatistics[{urn}]"
        content = post.get("content")
        media_type, link = "text", ""
        if isinstance(content, Mapping):
            if isinstance(content.get("article"), Mapping):
                media_type = "link"
                link = p.text(self.slug, content["article"], "source", f"{where}.content.article")
            elif isinstance(content.get("media"), Mapping):
                media_id = str(content["media"].get("id", ""))
                media_type = "video" if ":video:" in media_id else "image"
            elif isinstance(content.get("multiImage"), Mapping):
                media_type = "image"
        published = post.get("publishedAt") or post.get("createdAt")
        return Post(
            network=self.slug,
            external_id=urn,
            author_handle=name,
            # LinkedIn's times are epoch milliseconds.
            published_at=p.when(self.slug, _seconds(published, f"{where}.publishedAt", self.slug),
                                f"{where}.publishedAt"),
            text=p.text(self.slug, post, "commentary", where),
            url=post_url(urn),
            media_type=media_type,
            likes=p.count(self.slug, totals, "likeCount", swhere),
            comments=p.count(self.slug, totals, "commentCount", swhere),
            shares=p.count(self.slug, totals, "shareCount", swhere),
            views=p.count(self.slug, totals, "impressionCount", swhere),
            extra={"clicks": p.count(self.slug, totals, "clickCount", swhere)},
            visibility=str(post.get("visibility", "")).lower(),
            link_url=link,
        )

    def _comment(self, post_urn: str, raw: Any, where: str) -> Message:
        comment = p.obj(self.slug, raw, where)
        urn = p.text(self.slug, comment, "commentUrn", where, required=True)
        message = comment.get("message")
        text = p.text(self.slug, message, "text", f"{where}.message") if isinstance(message, Mapping) else ""
        created = comment.get("created")
        moment = created.get("time") if isinstance(created, Mapping) else None
        parent = comment.get("parentComment")
        return Message(
            network=self.slug,
            external_id=urn,
            kind=MessageKind.COMMENT,
            # The Comments API names members by URN only; their names need a
            # permission LinkedIn grants to few apps.
            author_handle=p.text(self.slug, comment, "actor", where),
            author_name="",
            published_at=p.when(self.slug, _seconds(moment, f"{where}.created.time", self.slug),
                                f"{where}.created.time"),
            text=text,
            url=post_url(post_urn),
            in_reply_to=parent if isinstance(parent, str) and parent else post_urn,
            thread_id=post_urn,
        )


def _seconds(value: Any, where: str, network: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PayloadError(network, where, f"expected epoch milliseconds, got {value!r}")
    return value / 1000


def _start(cursor: str | None) -> int:
    if not cursor:
        return 0
    if not cursor.isdigit():
        raise ValueError(f"LinkedIn: cursor {cursor!r} is not a position")
    return int(cursor)


def _next_start(answer: Mapping[str, Any], start: int, got: int) -> str | None:
    paging = answer.get("paging")
    total = paging.get("total") if isinstance(paging, Mapping) else None
    following = start + got
    if got == 0 or (isinstance(total, int) and following >= total):
        return None
    return str(following)


def _thread_of(urn: str) -> tuple[str, str]:
    """(the post a reply goes on, the comment it answers or "")."""
    match = _COMMENT.match(urn.strip())
    if match:
        return match.group(1), urn.strip()
    if urn.startswith(("urn:li:share:", "urn:li:ugcPost:", "urn:li:activity:")):
        return urn, ""
    raise ValueError(f"LinkedIn: {urn!r} is neither a comment's nor a post's URN")
