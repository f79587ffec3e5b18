"""The demo's staff, one per role, each with a second factor that works on a laptop.

Made only with DEBUG on: production never has an account with a known password. The second
factor is a real authenticator app (TOTP) whose secret `make run` prints; `make code
USER=toelating` prints its current code for whoever has no app at hand.
"""

import base64

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import ADMISSIONS, COMMUNICATIONS

PASSWORD = "mkbroute-demo"
# username: (the group it works in, or None for the superuser, what it is for)
USERS = {
    "admin": (None, "superuser: alles, ook gebruikers en de tweede stap"),
    "communicatie": (COMMUNICATIONS, "Communicatie: teksten, opleidingen, persona's"),
    "toelating": (ADMISSIONS, "Toelating: leads, werkgevers, werkplekken"),
}
DEVICE_NAME = "demo"


def create():
    """The demo users and their devices, made once; [(username, role, secret)]."""
    User = get_user_model()
    made = []
    for username, (group, role) in USERS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            email = f"{username}@example.org"
            if group is None:
                user = User.objects.create_superuser(username, email, PASSWORD)
            else:
                user = User.objects.create_user(username, email, PASSWORD, is_staff=True)
                user.groups.add(Group.objects.get(name=group))
        device, _new = TOTPDevice.objects.get_or_create(
            user=user, name=DEVICE_NAME, defaults={"confirmed": True}
        )
        made.append((username, role, secret(device)))
    return made


def secret(device):
    """The device's key as an authenticator app takes it: base32, as in its QR code."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def current_code(username):
    """The code the demo user's authenticator app shows now, or None without one."""
    device = TOTPDevice.objects.filter(user__username=username, name=DEVICE_NAME).first()
    if device is None:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
