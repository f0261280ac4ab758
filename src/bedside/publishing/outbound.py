"""What each network receives of a post's images, and what it cannot take.

Networks take images three ways (``NetworkClient.image_posting``): Bedside
sends the bytes ("upload": Bluesky, Mastodon, X, Facebook, Pinterest, LinkedIn), the
network fetches them from a public address ("url": Instagram), or not at all
through its API (""). The problems are said when the post is submitted, before
it is scheduled, so nobody learns at send time that a network takes no images.

A network that fetches by URL gets a signed, expiring address under
``BEDSIDE_PUBLIC_MEDIA_URL``: a self-hosted hospital machine is usually not
reachable from the internet, so an admin exposes that one path (a reverse
proxy), and only images of approved posts are served there.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

from django.conf import settings
from django.core import signing

from bedside.networks import limits
from bedside.networks.base import NetworkClient
from bedside.networks.records import MediaFile
from bedside.networks.registry import UnknownNetwork, client_class
from bedside.publishing.models import Image, Post, Video

MIME = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
#: a signed image address works this long: the network fetches it when the
#: post is sent, and a retry signs a fresh one
PUBLIC_URL_MAX_AGE = 24 * 3600
_SALT = "bedside.publishing.public-media"


def _client(network: str) -> type[NetworkClient] | None:
    try:
        return client_class(network)
    except UnknownNetwork:
        return None


#: the largest video a network takes through its API, where it is smaller
#: than Bedside's own limit (publishing/video.MAX_BYTES)
VIDEO_MAX_BYTES = {
    # Mastodon's default video_size_limit (GET /api/v2/instance,
    # configuration.media_attachments); an instance may set less.
    "mastodon": 99 * 2**20,
}


def problems(networks: Iterable[str], images: int, image_types: Iterable[str] = (),
             video_bytes: int = 0) -> dict[str, list[str]]:
    """Per network, why the post (with ``images`` images of these MIME
    types, or a video of ``video_bytes`` bytes) cannot go there."""
    image_types = tuple(image_types)
    found: dict[str, list[str]] = {}
    for network in sorted(set(networks)):
        cls = _client(network)
        if cls is None:
            continue
        said = found.setdefault(network, [])
        if video_bytes:
            if not cls.video_posting:
                said.append(f"{cls.label} cannot take this post's video ({cls.why_no_video}): leave {cls.label} "
                            "out of this post, or post the video there by hand.")
            elif video_bytes > VIDEO_MAX_BYTES.get(network, video_bytes):
                said.append(f"{cls.label} takes videos up to {VIDEO_MAX_BYTES[network] // 2**20} MB; this one is "
                            f"{video_bytes / 2**20:.0f} MB.")
            continue
        if images and not cls.image_posting:
            said.append(f"{cls.label} takes no images through its API ({cls.why_no_images}): remove the image, "
                        f"or leave {cls.label} out of this post.")
        elif images and limits.problems(network, "", kind="post", images=images, image_types=image_types):
            said.extend(f"{cls.label}: {p}" for p in limits.problems(network, "", kind="post", images=images,
                                                                      image_types=image_types))
        elif images and cls.image_posting == "url" and not settings.PUBLIC_MEDIA_URL:
            said.append(f"{cls.label} fetches a post's image from a public web address, and this server has none: "
                        "an admin sets BEDSIDE_PUBLIC_MEDIA_URL to the internet address at which Bedside's "
                        "/publishing/public-media/ path is reachable.")
        if not images and "publish" not in cls.capabilities:
            said.append(f"{cls.label} posts need an image: add one." if cls.image_posting
                        else f"{cls.label} posts need a video: add one.")
    return {k: v for k, v in found.items() if v}


def image_types(post: Post) -> list[str]:
    """The MIME types of the post's images, as they are stored (media.py
    keeps each in the format it came in)."""
    return [MIME.get(PurePath(path).suffix, "application/octet-stream")
            for path in post.images.values_list("path", flat=True)]


def post_problems(post: Post) -> list[str]:
    networks = post.variants.values_list("network", flat=True)
    types = image_types(post)
    return [message for said in problems(networks, len(types), types, video_size(post)).values()
            for message in said]


def video_size(post: Post) -> int:
    found = Video.objects.filter(post_id=post.pk).values_list("size", flat=True).first()
    return int(found or 0)


def video_file(post: Post) -> MediaFile | None:
    """The post's video as the clients send it (its metadata stripped when
    it was attached), with its description as the alt text."""
    from bedside.publishing.video import path_of

    video = Video.objects.filter(post_id=post.pk).first()
    if video is None:
        return None
    path = path_of(video)
    return MediaFile(data=path.read_bytes(), mime_type=video.mime_type, alt_text=video.description,
                     filename=path.name, width=video.width, height=video.height)


def public_url(image: Image) -> str:
    if not settings.PUBLIC_MEDIA_URL:
        return ""
    token = signing.dumps(image.pk, salt=_SALT)
    return f"{settings.PUBLIC_MEDIA_URL}/{token}/"


def image_of_token(token: str) -> Image | None:
    """The image a signed address names, if the signature holds, it has not
    expired, and its post is approved; None otherwise."""
    try:
        pk = signing.loads(token, salt=_SALT, max_age=PUBLIC_URL_MAX_AGE)
    except signing.BadSignature:
        return None
    return Image.objects.filter(pk=pk, post__state=Post.State.APPROVED).select_related("post").first()


def files(post: Post) -> list[MediaFile]:
    """The post's images as the clients send them: the stored bytes (their
    metadata stripped when they were attached) and alt text."""
    from bedside.publishing.media import path_of

    out = []
    for image in post.images.order_by("id"):
        path = path_of(image)
        out.append(MediaFile(data=path.read_bytes(), mime_type=MIME.get(path.suffix, "application/octet-stream"),
                             alt_text=image.alt_text, filename=path.name, width=image.width, height=image.height,
                             public_url=public_url(image)))
    return out
