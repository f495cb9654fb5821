"""The public catalogue, mounted under ``catalogue/`` (no sign-in). An item's address is its index
number, which may contain slashes."""

from django.urls import path

from gongkai.web.proactive import feeds, public_views

app_name = "catalogue"

urlpatterns = [
    path("", public_views.catalogue_page, name="catalogue"),
    path("feed/rss/", feeds.LatestItems(), name="rss"),
    path("feed/atom/", feeds.LatestItemsAtom(), name="atom"),
    path("guides/", public_views.guide_list, name="guides"),
    path("guides/<int:agency_id>/", public_views.guide_page, name="guide"),
    path("guides/<int:agency_id>/versions/<int:number>/", public_views.guide_page, name="guide_version"),
    path("attachments/<path:index_number>", public_views.attachment, name="attachment"),
    path("items/<path:index_number>", public_views.item_page, name="item"),
]
