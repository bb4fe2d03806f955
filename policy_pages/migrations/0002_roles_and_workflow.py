"""Create the two publishing roles and the workflow in which comms edits and approvers publish."""

from django.db import migrations

COMMS_EDITOR = "Comms editor"
POLICY_APPROVER = "Policy approver"
WORKFLOW_NAME = "Policy approval"
TASK_NAME = "Policy approver sign-off"


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_roles_and_workflow(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    ContentType = apps.get_model("contenttypes.ContentType")
    SignOffTask = apps.get_model("policy_pages.PolicySignOffTask")

    access_admin = _permission(
        apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"
    )
    page_perms = {
        codename: _permission(
            apps, "wagtailcore", "page", f"{codename}_page", f"Can {codename} page"
        )
        for codename in ("add", "change", "publish", "lock", "unlock")
    }
    image_perms = [
        _permission(
            apps, "home", "customimage", f"{codename}_customimage", f"Can {codename} image"
        )
        for codename in ("add", "change", "choose")
    ]
    document_perms = [
        _permission(
            apps, "wagtaildocs", "document", f"{codename}_document", f"Can {codename} document"
        )
        for codename in ("add", "change", "choose")
    ]
    change_settings = _permission(
        apps, "home", "councilsettings", "change_councilsettings", "Can change council settings"
    )

    home = Page.objects.get(depth=2, slug="home")
    root_collection = Collection.objects.get(depth=1)

    editors, _ = Group.objects.get_or_create(name=COMMS_EDITOR)
    approvers, _ = Group.objects.get_or_create(name=POLICY_APPROVER)
    editors.permissions.add(access_admin)
    approvers.permissions.add(access_admin, change_settings)

    grants = {
        editors: ("add", "change", "lock", "unlock"),
        approvers: ("add", "change", "publish", "lock", "unlock"),
    }
    for group, codenames in grants.items():
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=home, permission=page_perms[codename]
            )
        for permission in image_perms + document_perms:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="policy_pages", model="policysignofftask"
    )
    task = SignOffTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = SignOffTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.add(approvers)

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})


def remove_roles_and_workflow(apps, schema_editor):
    apps.get_model("wagtailcore.Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("policy_pages.PolicySignOffTask").objects.filter(name=TASK_NAME).delete()
    apps.get_model("auth.Group").objects.filter(name__in=[COMMS_EDITOR, POLICY_APPROVER]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("policy_pages", "0001_initial"),
        ("home", "0004_create_home_page"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(create_roles_and_workflow, remove_roles_and_workflow)]
