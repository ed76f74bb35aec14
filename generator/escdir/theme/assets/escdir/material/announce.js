/* Material for MkDocs' inline announce script (MIT licence, (c) Martin Donath), as a file: escdir's CSP allows no inline script. */
var el=document.querySelector("[data-md-component=announce]");if(el){var content=el.querySelector(".md-typeset");__md_hash(content.innerHTML)===__md_get("__announce")&&(el.hidden=!0)}
