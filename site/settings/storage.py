"""Where files are kept: local folders by default, S3-compatible object storage when a
bucket is named (docs/deployment.md, "Files: media, evidence and letters").

Several app servers behind one load balancer must share their files: a letter issued on
one is downloaded through the next. Naming ``AWS_STORAGE_BUCKET_NAME`` moves every store
into the bucket, each under a prefix of its own:

- ``default`` (``media/``): Wagtail's images and documents;
- ``letters`` (``letters/``), ``evidence`` (``evidence/``) and ``posters`` (``posters/``):
  private objects, never given a public address. Letters and evidence are streamed to
  staff by the checked, audited views, which compare the stored SHA-256 on every read;
  poster PDFs are streamed by the poster's own page.

Nothing here runs without a bucket, so ``make run`` needs none of it.
"""

from safecontact.env import env_int, env_str

PRIVATE_STORES = ("letters", "evidence", "posters")
S3_BACKEND = "storages.backends.s3.S3Storage"


def _joined(*parts):
    return "/".join(part.strip("/") for part in parts if part.strip("/"))


def _connection():
    """What every store shares: where the service is and who the app signs in as. Keys
    left unset are found by boto3 as usual (an instance or task role, for example)."""
    options = {"signature_version": "s3v4"}
    for option, variable in (
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("region_name", "AWS_S3_REGION_NAME"),
        ("access_key", "AWS_ACCESS_KEY_ID"),
        ("secret_key", "AWS_SECRET_ACCESS_KEY"),
        ("addressing_style", "AWS_S3_ADDRESSING_STYLE"),
    ):
        value = env_str(variable, "")
        if value:
            options[option] = value
    return options


def object_storages(local):
    """``STORAGES`` for the environment: ``local`` unchanged when no bucket is named, else
    the same stores on S3 (static files stay with WhiteNoise either way)."""
    bucket = env_str("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        return local
    connection = _connection()
    prefix = env_str("AWS_LOCATION", "")
    # Some providers refuse any ACL on a bucket that has ACLs turned off; "" sends none.
    acl = env_str("AWS_DEFAULT_ACL", "private") or None
    media_domain = env_str("AWS_S3_CUSTOM_DOMAIN", "")
    stores = dict(local)
    stores["default"] = {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            **connection,
            "bucket_name": bucket,
            "location": _joined(prefix, "media"),
            "default_acl": acl,
            "file_overwrite": False,
            # Images are linked from public pages. Through a public address in front of
            # the media prefix (a CDN) they need no signature; straight from a private
            # bucket each address is signed, for longer than a cached page is kept.
            "custom_domain": media_domain or None,
            "querystring_auth": not media_domain,
            "querystring_expire": env_int("AWS_MEDIA_URL_SECONDS", 7 * 24 * 3600),
        },
    }
    private_bucket = env_str("AWS_PRIVATE_BUCKET_NAME", "") or bucket
    for name in PRIVATE_STORES:
        stores[name] = {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **connection,
                "bucket_name": private_bucket,
                "location": _joined(prefix, name),
                "default_acl": acl,
                "file_overwrite": False,
                # Never handed out: the views stream these. Should anything ask for an
                # address anyway, it is signed and short-lived.
                "querystring_auth": True,
                "querystring_expire": 60,
            },
        }
    return stores
