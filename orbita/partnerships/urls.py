"""The partnership pages: the partnerships, agreements, recommendations and risk profiles
(``urls_pages``) and the roadmaps and network programmes (``urls_roadmap``)."""

from orbita.partnerships.urls_pages import urlpatterns as page_patterns
from orbita.partnerships.urls_roadmap import urlpatterns as roadmap_patterns

app_name = "partnerships"
urlpatterns = [*page_patterns, *roadmap_patterns]
