"""Who handles an agency's applications, as one query (like viewable_agencies): a clerk their agency,
the coordination office its government's own applications, an admin every agency; a reviewer none."""

from gongkai.web.agencies.models import Agency
from gongkai.web.applications import permissions


def test_handled_agencies_is_one_query_per_role(world, django_assert_max_num_queries):
    expected = {"clerk": {world.education}, "other_clerk": {world.civil}, "coordinator": {world.government},
                "reviewer": set(), "outsider": {world.other}, "nobody": set(), "admin": set(Agency.objects.all())}
    for role, agencies in expected.items():
        user = getattr(world, role)
        with django_assert_max_num_queries(2):  # the user's roles, then the agencies
            assert set(permissions.handled_agencies(user)) == agencies, role
        for agency in Agency.objects.all():
            assert permissions.can_handle(user, agency) == (agency in agencies), (role, agency)
