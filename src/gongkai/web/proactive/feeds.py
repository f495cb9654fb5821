"""RSS and Atom feeds of newly published items (Django's syndication framework), all or one agency's
(``?agency=<id>``); titles are escaped by the framework."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from gongkai.web.proactive import catalogue

ITEMS = 50


class LatestItems(Feed):
    description = "政府信息公开目录新发布的主动公开信息"

    def get_object(self, request):
        try:
            return catalogue.parse({"agency": request.GET.get("agency", "")})
        except catalogue.CatalogueError:
            return catalogue.Query()

    def title(self, query):
        return f"{query.agency.name}主动公开信息" if query.agency else "主动公开信息"

    def link(self, query):
        return reverse("catalogue:catalogue") + (f"?agency={query.agency.pk}" if query.agency else "")

    def items(self, query):
        return catalogue.find(query).select_related("agency")[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        parts = [f"索引号：{item.index_number}", f"发布机构：{item.agency.name}"]
        if item.document_number:
            parts.append(f"文号：{item.document_number}")
        return "；".join(parts)

    def item_link(self, item):
        return reverse("catalogue:item", args=[item.index_number])

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.published_on, time()))

    def item_guid(self, item):
        return item.index_number


class LatestItemsAtom(LatestItems):
    feed_type = Atom1Feed
    subtitle = LatestItems.description
