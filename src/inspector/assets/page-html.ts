// The inspector page: one HTML document; its script and style are app.js and
// app.css, served beside it (nothing is loaded from anywhere else).
export const PAGE_HTML = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cybernetes inspector</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="app.css">
</head>
<body>
<header>
  <h1>cybernetes <span>statechart inspector</span></h1>
  <div id="conn" class="conn" data-state="connecting">connecting…</div>
  <div class="rev">revision <b id="revision">–</b></div>
</header>
<section id="travel" class="travel">
  <label for="scrubber">time travel</label>
  <input id="scrubber" type="range" min="1" max="1" value="1" step="1" aria-label="journal revision">
  <span id="at-rev" class="at-rev" data-mode="live">live</span>
  <button id="live" type="button" disabled>back to live</button>
</section>
<main>
  <section class="left">
    <h2>Counts <small id="counts-note">per kind and state</small></h2>
    <div id="counts" class="counts"></div>
    <h2>Actors</h2>
    <form id="filters" class="filters" autocomplete="off">
      <select id="f-kind" name="kind"><option value="">all kinds</option></select>
      <input id="f-namespace" name="namespace" placeholder="namespace">
      <input id="f-name" name="name" placeholder="name">
      <input id="f-state" name="state" placeholder="state">
    </form>
    <div id="actors-total" class="note"></div>
    <div class="table-wrap"><table id="actors"><thead><tr><th>kind</th><th>namespace</th><th>name</th><th>state</th><th>actor</th></tr></thead><tbody></tbody></table></div>
  </section>
  <section class="center">
    <nav id="chart-tabs" class="tabs"></nav><span id="chart-zoom" class="note"></span>
    <div id="chart" class="chart"></div>
    <div id="detail" class="detail"></div>
  </section>
  <section class="right">
    <h2>Story <small id="story-of"></small></h2>
    <ol id="steps" class="steps"></ol>
    <div id="sequence" class="sequence"></div>
    <details id="trace-box"><summary>full trace (<span id="trace-count">0</span> messages)</summary><div id="trace" class="sequence"></div></details>
    <h2>Messages <small>of the selected actor</small></h2>
    <ul id="records" class="records"></ul>
  </section>
</main>
<script src="app.js"></script>
</body>
</html>
`;
