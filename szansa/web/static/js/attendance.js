// Attendance entry (support:attendance): "All present" and keys 1/2/3 to pick a status and move on.
// The page works without this script: the radios and the submit button are plain HTML.
(function () {
  function setup(form) {
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var allPresent = form.querySelector("[data-all-present]");
    if (allPresent) {
      allPresent.hidden = false;
      allPresent.addEventListener("click", function () {
        form.querySelectorAll('input[type=radio][value=present]:not(:disabled)').forEach(function (radio) {
          radio.checked = true;
        });
      });
    }
    form.addEventListener("keydown", function (event) {
      var target = event.target;
      if (!target.matches || !target.matches("input[type=radio]") || !/^[123]$/.test(event.key)) return;
      var row = target.closest("tr");
      var radios = row.querySelectorAll("input[type=radio]");
      var choice = radios[Number(event.key) - 1];
      if (!choice || choice.disabled) return;
      event.preventDefault();
      choice.checked = true;
      var next = row.nextElementSibling;
      var focus = next && (next.querySelector("input[type=radio]:checked") || next.querySelector("input[type=radio]"));
      (focus || choice).focus();
    });
  }
  function init() {
    setup(document.getElementById("attendance-form"));
  }
  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSwap", init);
})();
