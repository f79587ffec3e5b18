import io
import tracemalloc

import pytest

from leads import demo
from leads.models import Lead

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
MB = 1024 * 1024


def test_the_export_streams_20000_leads_with_flat_memory(admissions):
    demo.load(io.StringIO(), 20_000)
    assert Lead.objects.count() == 20_000

    tracemalloc.start()
    response = admissions.get("/admin/leads/lead/export/")
    chunks = iter(response.streaming_content)
    first = next(chunks)
    lines, early_peak = 1, None
    for _chunk in chunks:
        lines += 1
        if lines == 4_000:  # two chunks of the queryset iterator in
            early_peak = tracemalloc.get_traced_memory()[1]
    final_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    assert first.startswith(b"\xef\xbb\xbfVoornaam;")
    assert lines == 20_001
    # Holding every row would take hundreds of MB; streaming keeps about one chunk in memory,
    # so the peak after 20,000 rows stays near the peak after the first 4,000.
    assert final_peak < 2 * early_peak, (early_peak / MB, final_peak / MB)
    assert final_peak < 60 * MB


def test_the_xlsx_export_streams_20000_leads_with_flat_memory(admissions):
    demo.load(io.StringIO(), 20_000)

    tracemalloc.start()
    response = admissions.get("/admin/leads/lead/export/?format=xlsx")
    chunks = iter(response.streaming_content)
    first = next(chunks)
    parts, early_peak = 1, None
    for _chunk in chunks:
        parts += 1
        if parts == 20:  # 200 rows a part: two chunks of the queryset iterator in
            early_peak = tracemalloc.get_traced_memory()[1]
    final_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    assert first.startswith(b"PK"), "the workbook's layout leaves before the rows"
    assert parts > 100, "the sheet leaves in parts as its rows are written"
    assert final_peak < 2 * early_peak, (early_peak / MB, final_peak / MB)
    assert final_peak < 60 * MB
