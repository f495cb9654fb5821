// A <select data-navigate> whose options' values are URLs goes to the chosen one (a script file,
// not an onchange attribute, which the Content-Security-Policy forbids).
document.querySelectorAll("select[data-navigate]").forEach(function (select) {
  select.addEventListener("change", function () { window.location.href = select.value; });
});
