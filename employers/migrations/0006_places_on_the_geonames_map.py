# The PC4 map (mkbroute/lib/data/pc4.csv) is now GeoNames' own point per PC4, where it once
# joined PC4s to places by name and put some 130 of them in another part of the country.
# Employers and werkplekken keep the province and point of their PC4 when saved: move the
# stored ones to the new map. A PC4 the map no longer knows has no known place: it leaves
# matching rather than being offered where it is not. A later rebuild of the map that moves
# places needs a migration like this one.

from django.db import migrations

from mkbroute.lib import geo

BATCH = 500


def relocate(apps, schema_editor):
    for name in ("Employer", "Werkplek"):
        model = apps.get_model("employers", name)
        changed = []
        for located in model.objects.only("pc4", "province", "lat", "lon").iterator(BATCH):
            area = geo.lookup(located.pc4)
            where = (area.province, area.lat, area.lon) if area else ("", None, None)
            if (located.province, located.lat, located.lon) != where:
                located.province, located.lat, located.lon = where
                changed.append(located)
        model.objects.bulk_update(changed, ["province", "lat", "lon"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("employers", "0005_werkplek_keeps_programmes_and_intakes")]

    operations = [migrations.RunPython(relocate, migrations.RunPython.noop)]
