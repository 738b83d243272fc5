"""The two places pictures are kept, behind ``IMediaStorage`` (``MEDIA_BACKEND``).

``local`` (the default): files under ``MEDIA_DIR`` (``var/media``), served by the app at
``/media/...`` (by nginx in production). ``s3``: an S3-compatible bucket (AWS, MinIO,
Garage, Ceph...) through boto3, its files served from ``MEDIA_PUBLIC_URL``.
"""

import logging
import os
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from zope.interface import implementer

from ..services.interfaces import IMediaStorage, StorageUnavailable
from ..static import ONE_YEAR

log = logging.getLogger(__name__)

PUBLIC_PREFIXES = ("images/", "avatars/")
# every stored picture has a key of its own, never rewritten: caches may keep it forever
PUBLIC_CACHE_CONTROL = f"public, max-age={ONE_YEAR}, immutable"
PRIVATE_CACHE_CONTROL = "private, no-store"
CHUNK = 64 * 1024


def is_public(key):
    return key.startswith(PUBLIC_PREFIXES)


def cache_control(key):
    return PUBLIC_CACHE_CONTROL if is_public(key) else PRIVATE_CACHE_CONTROL


@implementer(IMediaStorage)
class LocalStorage:
    """Files in a folder; each written to a temporary name first, then renamed, so that a
    reader never sees half of one."""

    def __init__(self, directory, public_url=""):
        self.directory = Path(directory)
        self.public_url = public_url

    def path(self, key):
        path = (self.directory / key).resolve()
        if not key or self.directory.resolve() not in path.parents:
            raise KeyError(key)
        return path

    def put(self, key, data, content_type):
        path = self.path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        except OSError as error:
            raise StorageUnavailable(f"{self.directory}: {error}") from error
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException as error:
            Path(temporary).unlink(missing_ok=True)
            if isinstance(error, OSError):
                raise StorageUnavailable(f"{self.directory}: {error}") from error
            raise

    def get(self, key):
        try:
            return self.path(key).read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            raise KeyError(key) from None

    def stream(self, key):
        path = self.path(key)
        try:
            handle = path.open("rb")
        except (FileNotFoundError, IsADirectoryError):
            raise KeyError(key) from None
        return _chunks(handle), os.fstat(handle.fileno()).st_size

    def delete(self, keys):
        for key in keys:
            try:
                self.path(key).unlink(missing_ok=True)
            except KeyError:
                continue

    def delete_older_than(self, prefix, seconds):
        folder = self.directory / prefix
        limit = time.time() - seconds
        for path in folder.rglob("*") if folder.is_dir() else ():
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)

    def url(self, request, key):
        if self.public_url:
            return f"{self.public_url}/{key}"
        return request.resource_url(request.root, "media", *key.split("/"))


def _chunks(handle):
    with handle:
        while block := handle.read(CHUNK):
            yield block


@implementer(IMediaStorage)
class S3Storage:
    """Objects in an S3 bucket. One boto3 client per process (they are thread-safe), made
    on first use, so that a forked worker never shares its parent's connections."""

    def __init__(self, settings):
        self.bucket = settings["microblog.media_s3_bucket"]
        self.endpoint = settings["microblog.media_s3_endpoint"]
        self.region = settings["microblog.media_s3_region"]
        self.credentials = (
            settings["microblog.media_s3_access_key"] or None,
            settings["microblog.media_s3_secret_key"] or None,
        )
        self.public_url = settings["microblog.media_public_url"] or self._default_url()
        self._client, self._pid, self._lock = None, None, threading.Lock()

    def _default_url(self):
        if self.endpoint:
            return f"{self.endpoint.rstrip('/')}/{self.bucket}"
        region = self.region or "us-east-1"
        return f"https://{self.bucket}.s3.{region}.amazonaws.com"

    @property
    def client(self):
        with self._lock:
            if self._client is None or self._pid != os.getpid():
                self._client = boto3.client(
                    "s3",
                    endpoint_url=self.endpoint or None,
                    region_name=self.region or None,
                    aws_access_key_id=self.credentials[0],
                    aws_secret_access_key=self.credentials[1],
                    config=Config(
                        # MinIO and most S3-compatible servers want the bucket in the path
                        s3={"addressing_style": "path" if self.endpoint else "auto"},
                        connect_timeout=5,
                        read_timeout=30,
                        retries={"max_attempts": 3, "mode": "standard"},
                    ),
                )
                self._pid = os.getpid()
            return self._client

    def put(self, key, data, content_type):
        try:
            self.client.put_object(
                Bucket=self.bucket,
                Key=key,
                Body=data,
                ContentType=content_type,
                CacheControl=cache_control(key),
            )
        except (BotoCoreError, ClientError) as error:
            raise StorageUnavailable(f"bucket {self.bucket}: {error}") from error

    def _get_object(self, key):
        try:
            return self.client.get_object(Bucket=self.bucket, Key=key)
        except self.client.exceptions.NoSuchKey:
            raise KeyError(key) from None

    def get(self, key):
        return self._get_object(key)["Body"].read()

    def stream(self, key):
        answer = self._get_object(key)
        return answer["Body"].iter_chunks(CHUNK), answer["ContentLength"]

    def delete(self, keys):
        keys = list(keys)
        for start in range(0, len(keys), 1000):  # the most one request may name
            objects = [{"Key": key} for key in keys[start : start + 1000]]
            self.client.delete_objects(
                Bucket=self.bucket, Delete={"Objects": objects, "Quiet": True}
            )

    def delete_older_than(self, prefix, seconds):
        limit = time.time() - seconds
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=prefix
        )
        old = [
            item["Key"]
            for page in pages
            for item in page.get("Contents", ())
            if item["LastModified"].timestamp() < limit
        ]
        self.delete(old)

    def url(self, request, key):
        return f"{self.public_url}/{key}"


def media_origin(settings):
    """The origin (``https://host:port``) pictures are served from, when it is not the
    site's own; ``None`` when the app serves them."""
    if settings["microblog.media_backend"] == "s3":
        url = S3Storage(settings).public_url
    else:
        url = settings["microblog.media_public_url"]
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def storage_from_settings(settings):
    if settings["microblog.media_backend"] == "s3":
        return S3Storage(settings)
    return LocalStorage(settings["microblog.media_dir"], settings["microblog.media_public_url"])
