// Mark each cell named in the findings just received (htmx swaps only the findings panel).
document.body.addEventListener("htmx:afterSettle", function () {
  var data = document.getElementById("cell-notes");
  var notes = data ? JSON.parse(data.textContent) : {};
  document.querySelectorAll("#cells input.cell").forEach(function (input) {
    var note = notes[input.name];
    input.classList.remove("error", "warning", "notice");
    input.parentElement.classList.remove("error", "warning", "notice");
    input.title = note ? note.messages.join("\n") : "";
    if (note) { input.classList.add(note.severity); input.parentElement.classList.add(note.severity); }
  });
});
