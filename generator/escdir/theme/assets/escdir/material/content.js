/* Material for MkDocs' inline content script, as a file (escdir: no inline scripts under the CSP). */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
