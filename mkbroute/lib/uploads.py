"""Upload handler that refuses a multipart body over UPLOAD_MAX_BYTES before storing any."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class UploadSizeLimitHandler(FileUploadHandler):
    """Django limits form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but would write a file of any
    size to disk before a validator sees it. Refused here, the request gets the 400 page."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > settings.UPLOAD_MAX_BYTES:
            raise RequestDataTooBig("Upload body exceeded settings.UPLOAD_MAX_BYTES.")

    def receive_data_chunk(self, raw_data, start):
        return raw_data  # the next handler stores it

    def file_complete(self, file_size):
        return None  # nor does this one make the file
