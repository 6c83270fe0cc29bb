"""The site chrome's links (base.html, nav_items.html), reversed once per process.

Every page renders the header's ten or so links; `{% url %}` reverses each one on every
request (a noticeable share of the cheapest signed-in page's rendering; figures in
docs/performance.md). The URL
of a name without arguments only changes with the URL configuration and the script
prefix, so `{% chrome_url 'name' %}` remembers it per (urlconf, prefix, name). Only for
names without arguments and namespaces with a single instance (as the chrome's are).
"""

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

_urls: dict[tuple[str | None, str, str], str] = {}


@register.simple_tag
def chrome_url(name: str) -> str:
    key = (get_urlconf(settings.ROOT_URLCONF), get_script_prefix(), name)
    url = _urls.get(key)
    if url is None:
        url = _urls[key] = reverse(name)
    return url
