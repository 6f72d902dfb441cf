(function(){
"use strict";
var d=document;
d.documentElement.className+=" js";
var coll=new Intl.Collator(undefined,{numeric:true,sensitivity:"base"});
function val(row,i){
var c=row.cells[i];if(!c)return "";
var t=c.textContent.trim(),n=Number(t.replace(/^[<>]/,""));
return t!==""&&!isNaN(n)?n:t;
}
function cmp(x,y){
if(typeof x==="number"&&typeof y==="number")return x-y;
if(typeof x==="number")return 1;
if(typeof y==="number")return -1;
return coll.compare(x,y);
}
d.querySelectorAll("table.sortable").forEach(function(t){
var ths=t.tHead.rows[0].cells;
Array.prototype.forEach.call(ths,function(th,i){
th.tabIndex=0;
function sort(){
var desc=th.getAttribute("aria-sort")!=="descending";
Array.prototype.forEach.call(ths,function(o){o.removeAttribute("aria-sort");});
th.setAttribute("aria-sort",desc?"descending":"ascending");
var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
rows.sort(function(a,b){
var r=cmp(val(a,i),val(b,i));
return desc?-r:r;
});
var f=d.createDocumentFragment();rows.forEach(function(r){f.appendChild(r);});body.appendChild(f);
}
th.addEventListener("click",sort);
th.addEventListener("keydown",function(e){if(e.key==="Enter"||e.key===" "){e.preventDefault();sort();}});
});
});
d.addEventListener("click",function(e){
var from=e.target.closest?e.target.closest("[data-to]"):null;if(!from)return;
var id=from.getAttribute("data-to"),to=d.getElementById(id);if(!to)return;
var col=to.closest(".text"),here=from.closest(".text");if(!col||!here)return;
e.preventDefault();
var y=from.getBoundingClientRect().top-here.getBoundingClientRect().top;
col.scrollTop+=to.getBoundingClientRect().top-col.getBoundingClientRect().top-y;
var hit=[to].concat(Array.prototype.slice.call(d.querySelectorAll("[data-k='"+id+"']")));
hit.forEach(function(el){el.classList.remove("flash");void el.offsetWidth;el.classList.add("flash");});
});
})();
