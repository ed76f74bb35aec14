/* Material for MkDocs' inline content script (MIT licence, (c) Martin Donath), as a file: escdir's CSP allows no inline script. */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
