"""Drive the Wagtail page editor as a browser would: read its form, fill it in, post it."""

from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text
from wagtail.test.utils.form_data import streamfield as streamfield_data


def editor_form(client, url, *, body=("Edited wording.",)):
    """The editor's form at ``url`` as post data.

    The StreamField editor is drawn by JavaScript, so its fields are not in the HTML;
    ``body`` supplies them as the browser would, one paragraph block per string.
    """
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form").copy()
    blocks = [("paragraph", rich_text(f"<p>{text}</p>")) for text in body]
    for name, value in nested_form_data({"body": streamfield_data(blocks)}).items():
        data[name] = value
    return data
