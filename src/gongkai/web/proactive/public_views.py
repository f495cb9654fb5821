"""The public catalogue: browse and search, an item by its index number, attachments, the agencies'
指南. No sign-in; only published items and published 指南 are shown."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from gongkai.web.agencies.models import Agency
from gongkai.web.proactive import catalogue, guides, rules
from gongkai.web.proactive.models import Item


@require_GET
def catalogue_page(request):
    try:
        query = catalogue.parse(request.GET)
    except catalogue.CatalogueError as error:
        return render(request, "proactive/public/catalogue.html", {
            "error": error.message, "params": request.GET, **catalogue.browse_options()}, status=400)
    return render(request, "proactive/public/catalogue.html", {
        "query": query, "page": catalogue.page(query), "params": request.GET, **catalogue.browse_options()})


def _public_item(index_number: str) -> Item:
    item = get_object_or_404(Item.objects.select_related("agency", "category", "genre", "repealed_by"),
                             index_number=index_number)
    if item.status == Item.Status.DRAFT:
        raise Http404
    return item


@require_GET
def item_page(request, index_number: str):
    """The stable page of an item; a withdrawn item says so and shows no content."""
    item = _public_item(index_number)
    return render(request, "proactive/public/item.html", {
        "item": item, "channels": item.channels.all(), "agencies": item.agencies.order_by("path"),
        "repeals": item.repeals.filter(status=Item.Status.PUBLISHED), "channel_rules": rules.channels(),
        "interpretations": item.interpretations.select_related("agency", "topic").order_by("on", "pk")})


@require_GET
def attachment(request, index_number: str):
    item = _public_item(index_number)
    if item.status != Item.Status.PUBLISHED or not item.attachment:
        raise Http404
    content_type = rules.attachment_types()[item.attachment_type]["content_type"]
    return FileResponse(item.attachment.open("rb"), content_type=content_type, headers={
        "Content-Disposition": content_disposition_header(True, item.attachment_name),
        "X-Content-Type-Options": "nosniff"})


@require_GET
def guide_page(request, agency_id: int, number: int | None = None):
    agency = get_object_or_404(Agency, pk=agency_id)
    versions = agency.guides.filter(status="published").order_by("-number")
    guide = versions.filter(number=number).first() if number else guides.published(agency)
    if guide is None:
        raise Http404("该机关尚未发布政府信息公开指南。")
    return render(request, "proactive/public/guide.html", {"agency": agency, "guide": guide, "versions": versions})


@require_GET
def guide_list(request):
    agencies = Agency.objects.filter(guides__status="published").distinct().order_by("path")
    return render(request, "proactive/public/guides.html", {"agencies": agencies})
