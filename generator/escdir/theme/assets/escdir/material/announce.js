/* Material for MkDocs' inline announce script, as a file (escdir: no inline scripts under the CSP). */
var el=document.querySelector("[data-md-component=announce]");if(el){var content=el.querySelector(".md-typeset");__md_hash(content.innerHTML)===__md_get("__announce")&&(el.hidden=!0)}
