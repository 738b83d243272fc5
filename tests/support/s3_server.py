"""A real S3 API on the machine: moto's standalone server (``moto_server``), in a process
of its own on a free port, as the tests start PostgreSQL."""

import json
import shutil
import sys
from pathlib import Path

import boto3

from .processes import Process, free_port, wait_for_port

ACCESS_KEY, SECRET_KEY, REGION = "testing-access-key", "testing-secret-key", "us-east-1"


def executable():
    beside = Path(sys.executable).with_name("moto_server")
    return str(beside) if beside.exists() else shutil.which("moto_server")


def available():
    return executable() is not None


class ThrowawayS3:
    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.process = Process([executable(), "-H", "127.0.0.1", "-p", self.port])
        wait_for_port(self.port, self.process)
        return self

    def stop(self):
        if self.process is not None:
            self.process.stop()

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def create_bucket(self, name):
        """A bucket whose pictures anyone may read, as README's policy makes it."""
        client = self.client()
        client.create_bucket(Bucket=name)
        client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read_policy(name)))
        return name

    def settings(self, bucket):
        """The ``MEDIA_*`` settings of an app storing its pictures in ``bucket``."""
        return {
            "microblog.media_backend": "s3",
            "microblog.media_s3_endpoint": self.endpoint,
            "microblog.media_s3_bucket": bucket,
            "microblog.media_s3_region": REGION,
            "microblog.media_s3_access_key": ACCESS_KEY,
            "microblog.media_s3_secret_key": SECRET_KEY,
        }

    def keys(self, bucket, prefix=""):
        answer = self.client().list_objects_v2(Bucket=bucket, Prefix=prefix)
        return sorted(item["Key"] for item in answer.get("Contents", ()))


def public_read_policy(bucket):
    """The bucket policy README gives: pictures public, uploads and exports not."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": [f"arn:aws:s3:::{bucket}/images/*", f"arn:aws:s3:::{bucket}/avatars/*"],
            }
        ],
    }
