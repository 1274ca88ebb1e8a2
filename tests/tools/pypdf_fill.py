"""Fill a PDF's fields with pypdf, as a user's script would: pypdf draws the
appearance streams itself from the field font in the form's /DR.

usage: pypdf_fill.py IN.pdf OUT.pdf JSON_VALUES
"""
import json
import sys

from pypdf import PdfReader, PdfWriter

src, dst, values = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
writer = PdfWriter(clone_from=PdfReader(src))
for page in writer.pages:
    writer.update_page_form_field_values(page, values, auto_regenerate=False)
writer.write(dst)
