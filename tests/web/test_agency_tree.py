"""The agency tree: each agency knows its path from the root, and a subtree is found by that path."""

import pytest
from django.core.exceptions import ValidationError

from gongkai.web.agencies.models import Agency

pytestmark = pytest.mark.django_db


def test_a_new_agency_takes_its_path_below_its_parent(world):
    assert world.government.path == f"/{world.government.pk}/"
    assert world.education.path == f"/{world.government.pk}/{world.education.pk}/"
    assert Agency.objects.get(pk=world.education.pk).path == world.education.path


def test_the_subtree_is_the_agency_and_everything_below_it(world):
    assert set(world.government.subtree()) == {world.government, world.office, world.education, world.civil,
                                              world.town}
    assert set(world.education.subtree()) == {world.education}
    assert world.government.contains(world.town)
    assert not world.other.contains(world.town)


def test_moving_an_agency_moves_its_whole_subtree(world):
    school = Agency.objects.create(name="九台区第一中学", kind=Agency.Kind.PUBLIC_ENTERPRISE, parent=world.education)
    world.education.parent = world.other
    world.education.save()
    school.refresh_from_db()
    assert school.path == f"/{world.other.pk}/{world.education.pk}/{school.pk}/"
    assert set(world.other.subtree()) == {world.other, world.education, school}
    assert world.education not in world.government.subtree()


def test_an_agency_cannot_be_placed_below_itself(world):
    world.government.parent = world.town
    with pytest.raises(ValidationError) as refused:
        world.government.full_clean()
    assert refused.value.message_dict["parent"] == ["上级机关不能是本机关或其下级机关。"]


def test_a_jurisdictions_members_are_the_agencies_with_no_government_between(world):
    """What its report sums up: agencies at any depth below it, and the governments directly below it,
    but nothing below those governments, nor itself."""
    school = Agency.objects.create(name="九台区第一中学", kind=Agency.Kind.PUBLIC_ENTERPRISE, parent=world.education)
    township = Agency.objects.create(name="九台区营城子镇人民政府", kind=Agency.Kind.GOVERNMENT,
                                     parent=world.government, jurisdiction_name="营城子镇")
    its_office = Agency.objects.create(name="营城子镇党政办公室", kind=Agency.Kind.DEPARTMENT, parent=township)
    assert list(world.government.members()) == [world.office, world.education, world.civil, world.town, school,
                                                township]
    assert list(township.members()) == [its_office]
    assert list(world.other.members()) == []
