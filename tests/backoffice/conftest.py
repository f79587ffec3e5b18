import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from mkbroute.roles import ADMISSIONS, COMMUNICATIONS


def staff(username, group=None, superuser=False):
    user = get_user_model().objects.create_user(
        username, password="x", is_staff=True, is_superuser=superuser
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admissions(db):
    return staff("toelating", ADMISSIONS)


@pytest.fixture
def communications(db):
    return staff("communicatie", COMMUNICATIONS)


@pytest.fixture
def groupless(db):
    return staff("zonder-rol")


@pytest.fixture
def superuser(db):
    return staff("beheerder", superuser=True)
