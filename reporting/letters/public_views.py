"""The public letter check at /check-a-letter/: anyone with a letter confirms it is ours.

The page is never cached (it carries a form with a CSRF token, and says
``Cache-Control: no-store``). What was typed is never echoed back after a check, so a
wrong code for a real reference and a made-up reference get the same page.
"""

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import check_limit
from .forms import LetterCheckForm
from .verification import check_letter, record_refused, sha256_of

TEMPLATE = "letters/public/check.html"


@never_cache
def check_a_letter(request):
    answer = None
    if request.method == "POST":
        if check_limit.used_up(request):
            record_refused()
            return render(
                request,
                "letters/public/check_refused.html",
                {"message": check_limit.TOO_MANY},
                status=check_limit.TOO_MANY_STATUS,
            )
        form = LetterCheckForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["pdf"]
            answer = check_letter(
                reference=form.cleaned_data["reference"],
                code=form.cleaned_data["code"],
                pdf_sha256=sha256_of(upload) if upload else "",
            )
            if not answer.matched:
                check_limit.count_wrong_guess(request)
            form = LetterCheckForm()
    else:
        form = LetterCheckForm()
    return render(request, TEMPLATE, {"form": form, "answer": answer})
