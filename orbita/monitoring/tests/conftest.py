from orbita.mentoring.tests.conftest import media_root, setting  # noqa: F401 - shared fixtures
