"""A real S3-compatible server for the storage tests: moto's server mode, started once on
a free loopback port. Each test gets a bucket of its own, and ``STORAGES`` as production
builds it (site/settings/storage.py) from the same variables a council would set."""

import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

from safecontact.settings.storage import object_storages

REGION = "eu-west-2"
# moto takes any keys; these stand for the app's own, not for anyone with public access.
ACCESS_KEY = "safecontact-test-access"
SECRET_KEY = "safecontact-test-secret"  # noqa: S105


@pytest.fixture(scope="session")
def s3_endpoint():
    """The address of a local S3-compatible server, running for the whole session."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture(scope="session")
def s3_client(s3_endpoint):
    """A client for looking into (and tampering with) the bucket behind the app's back."""
    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def make_bucket(s3_client):
    name = f"safecontact-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    s3_client.put_public_access_block(
        Bucket=name,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    return name


def storage_environment(endpoint, bucket):
    return {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
    }


@pytest.fixture
def bucket(s3_endpoint, s3_client, settings, monkeypatch):
    """A fresh bucket, and the site configured to keep every file in it."""
    name = make_bucket(s3_client)
    for variable, value in storage_environment(s3_endpoint, name).items():
        monkeypatch.setenv(variable, value)
    # Assigning the setting resets Django's stores and ours (home/storage.py), so model
    # fields chosen at import now write to the bucket; the fixture puts them back after.
    settings.STORAGES = object_storages(settings.STORAGES)
    return name


def keys_in(s3_client, bucket):
    listing = s3_client.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))
