/* Material for MkDocs' inline outdated script (MIT licence, (c) Martin Donath), as a file: escdir's CSP allows no inline script. */
var el=document.querySelector("[data-md-component=outdated]"),base=new URL(document.currentScript.getAttribute("data-md-base")),outdated=__md_get("__outdated",sessionStorage,base);!0===outdated&&el&&(el.hidden=!1)
