from django.shortcuts import render
from django.views.decorators.http import require_GET

from quizzes.sources.models import Document


@require_GET
def document_list(request):
    documents = Document.objects.shipped().filter(is_current=True).order_by("title")
    return render(request, "sources/document_list.html", {"documents": documents})
