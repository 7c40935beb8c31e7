// Sign-out wipes what the field app keeps on the device (docs/offline.md), on every page (base.html): the
// interviews' database with its key, the app's caches and its service worker. When interviews with changes
// not yet sent are on the device the worker is asked first, and staying signed in keeps them. The server's
// answer to the sign-out also says `Clear-Site-Data: "cache", "storage"`; this script does the same before
// it, so the device is wiped even where the header is not honoured, and it is what warns.
import * as store from "./store.js";

for (const signOut of document.querySelectorAll("form[data-sign-out]")) {
  signOut.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      if (await store.exists()) {
        const unsent = await store.countUnsent();
        if (unsent && !window.confirm(signOut.dataset.unsentWarning)) return;
        // A database another tab keeps open is deleted only once that tab lets go: the sign-out does not
        // wait for it longer than a few seconds (the server's Clear-Site-Data then does the rest).
        await Promise.race([store.wipe(), new Promise((resolve) => setTimeout(resolve, 3000))]);
      }
    } catch (error) {
      // A wipe that failed must not keep the worker signed in: the server's Clear-Site-Data still applies.
    }
    signOut.submit();
  });
}
