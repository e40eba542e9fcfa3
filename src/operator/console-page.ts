/**
 * The operator console's one page: progress, current scenario and step, the pending instruction and the live
 * frame trace, fed by /events (Server-Sent Events). The instruction element `#instruction` carries the question
 * as data attributes for a bot: data-question-id, data-state (open | closed | none), data-action,
 * data-connector, data-scenario, data-step and one data-<param> per parameter (data-id-tag, data-error-code,
 * data-ms, data-conditions, data-intent …). Buttons carry data-answer (done | failed | not-applicable).
 * Everything from the server is put in as text (textContent / dataset), never as markup.
 */
export const CONSOLE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>evc operator console</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#222}
header{background:#1d3557;color:#fff;padding:8px 16px;display:flex;gap:24px;align-items:baseline}
header h1{font-size:16px;margin:0}
main{padding:12px 16px;display:grid;gap:12px}
section{background:#fff;border:1px solid #ccd;border-radius:6px;padding:10px 14px}
#instruction[data-state=open]{border:3px solid #e76f51}
#instruction .do{font-size:20px;font-weight:600;margin:6px 0}
#instruction button{font-size:16px;padding:8px 18px;margin-right:10px;cursor:pointer}
#instruction button[data-answer=done]{background:#2a9d8f;color:#fff;border:0}
#instruction button[data-answer=failed]{background:#e63946;color:#fff;border:0}
#instruction[data-state=closed] button,#instruction[data-state=none] button{display:none}
.small{color:#667;font-size:12px}
#trace{font:12px/1.35 ui-monospace,monospace;max-height:45vh;overflow:auto;margin:0;padding:0;list-style:none}
#trace li{white-space:pre-wrap;border-bottom:1px solid #eef}
#trace .tx{color:#1d3557}#trace .rx{color:#2a6f2a}#trace .note{color:#777}#trace .operator{color:#b5400a;font-weight:600}
</style></head>
<body>
<header><h1>evc operator console</h1><span id="progress">connecting…</span><span id="conn" class="small"></span></header>
<main>
<section><div class="small">scenario</div><div id="scenario">—</div><div class="small">step</div><div id="step">—</div></section>
<section id="instruction" data-state="none">
  <div class="small" id="q-head">no instruction pending</div>
  <div class="do" id="q-do"></div>
  <div id="q-expected" class="small"></div>
  <div id="q-left" class="small"></div>
  <p><button data-answer="done">Done</button><button data-answer="failed">Failed</button><button data-answer="not-applicable">Not applicable</button></p>
  <div id="q-closed" class="small"></div>
</section>
<section><div class="small">frame trace of the current scenario (live)</div><ul id="trace"></ul></section>
</main>
<script>
(function(){
  var $ = function(id){ return document.getElementById(id); };
  var box = $('instruction'), trace = $('trace'), current = null, timer = null;
  function context(c){
    $('progress').textContent = 'rig ' + c.rig + ' — scenario ' + c.progress.n + (c.progress.total ? ' of ' + c.progress.total : '');
    if ($('scenario').textContent !== c.scenario) trace.textContent = '';
    $('scenario').textContent = c.scenario || '—';
    $('step').textContent = c.step || '—';
  }
  function frame(f){
    var li = document.createElement('li');
    li.className = f.protocol === 'operator' ? 'operator' : f.dir;
    li.dataset.seq = f.seq;
    var arrow = f.dir === 'tx' ? 'H→S' : f.dir === 'rx' ? 'S→H' : ' · ';
    li.textContent = f.ms.toFixed(1).padStart(9) + ' ms  ' + arrow + '  ' + f.protocol + (f.channel ? ' [' + f.channel + ']' : '') + '  ' + (f.summary || '') + (f.problems ? '  !! ' + f.problems.join('; ') : '');
    var atEnd = trace.scrollTop + trace.clientHeight >= trace.scrollHeight - 4;
    trace.appendChild(li);
    while (trace.children.length > 500) trace.removeChild(trace.firstChild);
    if (atEnd) trace.scrollTop = trace.scrollHeight;
  }
  function clearData(){ Object.keys(box.dataset).forEach(function(k){ if (k !== 'state') delete box.dataset[k]; }); }
  function question(q){
    current = q; clearData();
    box.dataset.state = 'open'; box.dataset.questionId = q.id; box.dataset.action = q.action;
    box.dataset.scenario = q.scenario; box.dataset.step = q.step;
    if (q.connectorId !== undefined && q.connectorId !== null) box.dataset.connector = String(q.connectorId);
    Object.keys(q.params).forEach(function(k){ box.dataset[k] = q.params[k]; });
    $('q-head').textContent = 'operator action: ' + q.action + (q.connectorId !== undefined && q.connectorId !== null ? ' (connector ' + q.connectorId + ')' : '');
    $('q-do').textContent = q.instruction;
    $('q-expected').textContent = 'expected: ' + q.expected;
    $('q-closed').textContent = '';
    clearInterval(timer);
    timer = setInterval(function(){ $('q-left').textContent = 'answer within ' + Math.max(0, Math.round((q.deadline - Date.now()) / 1000)) + ' s'; }, 500);
  }
  function closed(c){
    if (!current || current.id !== c.id) return;
    current = null; clearInterval(timer);
    box.dataset.state = 'closed'; box.dataset.answer = c.answer; box.dataset.by = c.by;
    $('q-left').textContent = '';
    $('q-closed').textContent = c.by === '-' ? 'closed: no answer in time (the step fails)' : 'closed: answered "' + c.answer + '" in the ' + c.by;
  }
  box.addEventListener('click', function(e){
    var b = e.target.closest && e.target.closest('button[data-answer]');
    if (!b || !current) return;
    var id = current.id;
    fetch('/answer', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: id, answer: b.dataset.answer }) })
      .then(function(r){ return r.json(); })
      .then(function(r){ if (r.error) $('q-closed').textContent = r.error; })
      .catch(function(err){ $('q-closed').textContent = 'not sent: ' + err; });
  });
  var es = new EventSource('/events');
  es.onopen = function(){ $('conn').textContent = 'live'; };
  es.onerror = function(){ $('conn').textContent = 'disconnected (the run may have ended)'; };
  es.addEventListener('state', function(e){
    var s = JSON.parse(e.data); context(s.context); trace.textContent = '';
    (s.frames || []).forEach(frame);
    if (s.question) question(s.question);
  });
  es.addEventListener('context', function(e){ context(JSON.parse(e.data)); });
  es.addEventListener('frame', function(e){ frame(JSON.parse(e.data)); });
  es.addEventListener('question', function(e){ question(JSON.parse(e.data)); });
  es.addEventListener('closed', function(e){ closed(JSON.parse(e.data)); });
})();
</script>
</body></html>
`;
