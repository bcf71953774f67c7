/* dashboard.js: the netkpi dashboard: KPI charts, latest interval, ingest status */
'use strict';

(function () {
	var REFRESH_MS = 30000;
	var STEP = { 1: 300, 2: 3600 };		/* seconds per interval kind */
	var NAMES = { 1: 'five-minute', 2: 'hourly' };

	var state = {
		kpis: null,		/* [{id, name}] from /api/KPIs/ */
		sections: {},		/* id -> {el, chart, text} */
		statusText: null,
		timer: null,
		busy: false
	};

	function $(id) {
		return document.getElementById(id);
	}

	function el(tag, attrs, text) {
		var e = document.createElement(tag);
		var k;

		for (k in attrs || {})
			e.setAttribute(k, attrs[k]);
		if (text !== undefined && text !== null)
			e.textContent = text;
		return e;
	}

	/*
	 * GET a JSON resource; the browser's HTTP cache revalidates (an ETag
	 * or Last-Modified gives If-None-Match / If-Modified-Since, and a
	 * 304 comes back to us as the cached 200).  Resolves to
	 * {status, text, json}; json is null when the body is not JSON.
	 */
	function getJSON(url) {
		return fetch(url, {
			cache: 'no-cache',
			headers: { 'Accept': 'application/json' }
		}).then(function (res) {
			return res.text().then(function (text) {
				var json = null;

				try {
					json = JSON.parse(text);
				} catch (e) {
					json = null;
				}
				return { status: res.status, text: text, json: json };
			});
		});
	}

	/* What an error answer says: its "detail", else the status. */
	function detail(r) {
		if (r.json && typeof r.json.detail === 'string')
			return r.json.detail + ' (HTTP ' + r.status + ')';
		return 'HTTP ' + r.status;
	}

	/* ---- formatting ---- */

	function pad(n) {
		return (n < 10 ? '0' : '') + n;
	}

	function hhmm(d) {
		return pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
	}

	function mmdd(d) {
		return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' +
		    pad(d.getUTCDate());
	}

	var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug',
	    'Sep', 'Oct', 'Nov', 'Dec'];

	/*
	 * A label for an interval's end: the time, with the date when needed
	 * ("Nov 29 14:00", a no-break space inside the date).
	 */
	function when(iso, withDate) {
		var d = new Date(iso);

		return withDate ? MONTHS[d.getUTCMonth()] + '\u00a0' +
		    d.getUTCDate() + ' ' + hhmm(d) : hhmm(d);
	}

	function isoSeconds(d) {
		return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
	}

	function duration(s) {
		if (s < 0)
			s = 0;
		if (s < 90)
			return Math.round(s) + ' s';
		if (s < 5400)
			return Math.round(s / 60) + ' min';
		if (s < 172800)
			return (s / 3600).toFixed(1) + ' h';
		return (s / 86400).toFixed(1) + ' days';
	}

	function count(n, one, many) {
		return n.toLocaleString('en-US') + ' ' + (n === 1 ? one : many);
	}

	/* The unit of a value column, from its name. */
	function unitOf(column) {
		if (/bytes/.test(column))
			return 'bytes';
		if (/users/.test(column))
			return 'users';
		return 'plain';
	}

	function fmtBytes(v) {
		var units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
		var i = 0;

		while (Math.abs(v) >= 1000 && i < units.length - 1) {
			v /= 1000;
			i++;
		}
		if (i === 0)
			return v + ' bytes';
		return (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) :
		    v.toFixed(2)) + ' ' + units[i];
	}

	function fmtValue(unit, v) {
		if (v === null || v === undefined)
			return '';
		if (unit === 'bytes')
			return fmtBytes(v);
		if (unit === 'users')
			return count(v, 'user', 'users');
		return v.toLocaleString('en-US');
	}

	/* Words for a column name: service_id -> "Service id". */
	function words(column) {
		var s = column.replace(/_/g, ' ');

		return s.charAt(0).toUpperCase() + s.slice(1);
	}

	/*
	 * A key's colour, from the key itself, never from its rank: the same
	 * key has the same colour in every interval.  Numeric keys step
	 * round the colour wheel by the golden angle (neighbouring ids get
	 * far-apart hues, and every 2.6 turns the lightness changes);
	 * other keys take a hash (FNV-1a) of their text.
	 */
	function colour(keyName, key) {
		var text = String(key), h = 0x811c9dc5, i, turn;

		if (/^\d+$/.test(text) && Number(text) <= Number.MAX_SAFE_INTEGER) {
			turn = Number(text) * 137.50776405 / 360;
		} else {
			for (i = 0; i < text.length; i++) {
				h ^= text.charCodeAt(i);
				h = Math.imul(h, 0x01000193) >>> 0;
			}
			turn = h / 4294967296 * 16;
		}
		return 'hsl(' + Math.round((turn % 1) * 360) + ', 68%, ' +
		    [44, 58, 34][Math.floor(turn) % 3] + '%)';
	}

	/* ---- the range ---- */

	function utcInput(d) {
		return mmdd(d) + 'T' + hhmm(d);
	}

	function parseInput(v) {
		var d;

		if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v))
			return null;
		d = new Date(v.slice(0, 16) + ':00Z');
		return isNaN(d.getTime()) ? null : d;
	}

	/*
	 * The query of the chosen range.  A relative range starts on an
	 * interval boundary and has no end: the URL stays the same between
	 * refreshes until the next interval, so that the browser's cache
	 * can revalidate it (304) instead of fetching it whole.
	 */
	function query() {
		var kind = $('interval').value;
		var range = $('range').value;
		var step = STEP[kind];
		var q = ['interval=' + kind];
		var from, to, now;

		if (range === 'custom') {
			from = parseInput($('from').value);
			to = parseInput($('to').value);
			if (!from || !to || from >= to)
				return { error: 'Give a custom range as two UTC times, the first before the second.' };
			q.push('interval_start_timestamp__gte=' + encodeURIComponent(isoSeconds(from)));
			q.push('interval_end_timestamp__lte=' + encodeURIComponent(isoSeconds(to)));
			return { qs: q.join('&'), span: (to - from) / 1000,
			    from: from, to: to };
		}
		now = Math.floor(Date.now() / 1000);
		from = new Date((Math.floor((now - Number(range)) / step) * step) * 1000);
		q.push('interval_start_timestamp__gte=' + encodeURIComponent(isoSeconds(from)));
		return { qs: q.join('&'), span: Number(range), from: from,
		    to: new Date(now * 1000) };
	}

	/* ---- the ingest status line ---- */

	function showStatus(r) {
		var s = r.json, p = $('status'), parts = [], bad, text;

		if (!s || typeof s !== 'object') {
			text = 'Ingest status unknown: ' + detail(r);
			bad = true;
		} else if (!s.last_interval_end) {
			text = (s.detail || 'No interval processed yet.') +
			    (r.status !== 200 ? ' (HTTP ' + r.status + ')' : '');
			bad = true;
		} else {
			parts.push('data up to ' + when(s.last_interval_end,
			    Date.now() - Date.parse(s.last_interval_end) > 86400000) + ' UTC');
			parts.push(duration(s.lag_seconds) + ' behind');
			parts.push(count(s.files, 'file', 'files'));
			parts.push(count(s.rejected_rows, 'rejected row', 'rejected rows'));
			if (s.last_run && s.last_run.exit_status !== null &&
			    s.last_run.exit_status !== 0)
				parts.push('last ingest run exited ' + s.last_run.exit_status);
			/* [retention]: the oldest data kept, and the size limit */
			if (s.oldest_interval_start)
				parts.push('oldest data kept from ' +
				    when(s.oldest_interval_start, true) + ' UTC');
			if (s.retention && s.retention.flow_files_over_size)
				parts.push('flow files not written yet exceed' +
				    ' flow_files_size');
			bad = r.status !== 200 || s.lag_seconds > s.max_lag_seconds;
			text = parts.join(', ');
			text = text.charAt(0).toUpperCase() + text.slice(1);
			if (s.lag_seconds > s.max_lag_seconds)
				text += ' (over ' + duration(s.max_lag_seconds) + ')';
		}
		p.textContent = text;
		p.className = 'status ' + (bad ? 'bad' : 'ok');
		p.setAttribute('data-lag', s && s.lag_seconds !== undefined &&
		    s.lag_seconds !== null ? String(s.lag_seconds) : '');
		p.setAttribute('data-http', String(r.status));
		p.setAttribute('data-oldest', s && s.oldest_interval_start ?
		    s.oldest_interval_start : '');
	}

	/* ---- one KPI ---- */

	function section(kpi) {
		var sec = state.sections[kpi.id], s;

		if (sec)
			return sec;
		s = el('section', { 'class': 'kpi', id: 'kpi-' + kpi.id,
		    'aria-labelledby': 'kpi-' + kpi.id + '-title' });
		s.appendChild(el('h2', { id: 'kpi-' + kpi.id + '-title' }, kpi.name));
		s.appendChild(el('p', { 'class': 'note' }));
		s.appendChild(el('div', { 'class': 'body' }));
		$('kpis').appendChild(s);
		sec = state.sections[kpi.id] = { el: s, chart: null, text: null };
		return sec;
	}

	function dropChart(sec) {
		if (sec.chart) {
			sec.chart.destroy();
			sec.chart = null;
		}
	}

	function say(sec, cls, text) {
		var body = sec.el.querySelector('.body');

		dropChart(sec);
		body.textContent = '';
		body.appendChild(el('p', { 'class': cls }, text));
		sec.el.setAttribute('data-rows', '0');
	}

	/* The key and value columns of a row: the two after "interval". */
	function columns(row) {
		var fixed = ['id', 'interval_start_timestamp',
		    'interval_end_timestamp', 'interval'];
		var rest = Object.keys(row).filter(function (k) {
			return fixed.indexOf(k) < 0;
		});

		return { key: rest[0], value: rest[1] };
	}

	function chartData(rows, cols, withDate) {
		var ends = [], byEnd = {}, keys = [], seen = {};

		rows.forEach(function (r) {
			var e = r.interval_end_timestamp, k = r[cols.key];

			if (!byEnd[e]) {
				byEnd[e] = {};
				ends.push(e);
			}
			byEnd[e][k] = r[cols.value];
			if (!seen[k]) {
				seen[k] = true;
				keys.push(k);
			}
		});
		ends.sort(function (a, b) { return Date.parse(a) - Date.parse(b); });
		keys.sort(function (a, b) { return a - b; });
		return {
			ends: ends,
			labels: ends.map(function (e) { return when(e, withDate); }),
			datasets: keys.map(function (k) {
				var c = colour(cols.key, k);

				return {
					label: cols.key + ' ' + k,
					data: ends.map(function (e) {
						return byEnd[e][k] === undefined ? null : byEnd[e][k];
					}),
					backgroundColor: c,
					borderColor: c,
					borderWidth: 0
				};
			})
		};
	}

	function drawChart(sec, kpi, data, unit) {
		var body = sec.el.querySelector('.body');
		var box = el('div', { 'class': 'chart' });
		var canvas = el('canvas', { id: 'chart-' + kpi.id, role: 'img',
		    'aria-label': kpi.name + ': the top keys of each interval, stacked; the table below lists the latest interval.' });

		box.appendChild(canvas);
		body.appendChild(box);
		sec.chart = new Chart(canvas, {
			type: 'bar',
			data: { labels: data.labels, datasets: data.datasets },
			options: {
				animation: false,
				responsive: true,
				maintainAspectRatio: false,
				interaction: { mode: 'nearest', intersect: true },
				scales: {
					x: { stacked: true, ticks: { autoSkip: true, maxRotation: 0 } },
					y: {
						stacked: true,
						beginAtZero: true,
						ticks: { callback: function (v) { return fmtValue(unit, v); } }
					}
				},
				plugins: {
					legend: { position: 'bottom', labels: { boxWidth: 12 } },
					tooltip: {
						callbacks: {
							label: function (c) {
								return c.dataset.label + ': ' + fmtValue(unit, c.raw);
							}
						}
					}
				}
			}
		});
	}

	/* The table of the latest interval, in the API's order (by rank). */
	function drawTable(sec, kpi, rows, cols, unit) {
		var body = sec.el.querySelector('.body');
		var latest = rows.reduce(function (m, r) {
			return Date.parse(r.interval_end_timestamp) > Date.parse(m) ?
			    r.interval_end_timestamp : m;
		}, rows[0].interval_end_timestamp);
		var last = rows.filter(function (r) {
			return r.interval_end_timestamp === latest;
		});
		var t = el('table', { id: 'table-' + kpi.id });
		var head = el('tr'), tb = el('tbody'), thead = el('thead');

		t.appendChild(el('caption', null, kpi.name + ', latest interval: ' +
		    when(last[0].interval_start_timestamp, true) + ' to ' +
		    hhmm(new Date(latest)) + ' UTC'));
		head.appendChild(el('th', { scope: 'col' }, 'Rank'));
		head.appendChild(el('th', { scope: 'col' }, words(cols.key)));
		head.appendChild(el('th', { scope: 'col', 'class': 'num' }, words(cols.value)));
		thead.appendChild(head);
		t.appendChild(thead);
		last.forEach(function (r, i) {
			var tr = el('tr', { 'data-id': String(r.id),
			    'data-key': String(r[cols.key]),
			    'data-value': String(r[cols.value]) });
			var key = el('td', { 'class': 'key' }), sw = el('span', { 'class': 'swatch',
			    'aria-hidden': 'true' });

			sw.style.backgroundColor = colour(cols.key, r[cols.key]);
			key.appendChild(sw);
			key.appendChild(document.createTextNode(String(r[cols.key])));
			tr.appendChild(el('th', { scope: 'row' }, String(i + 1)));
			tr.appendChild(key);
			tr.appendChild(el('td', { 'class': 'num',
			    title: r[cols.value].toLocaleString('en-US') }, fmtValue(unit, r[cols.value])));
			tb.appendChild(tr);
		});
		t.appendChild(tb);
		body.appendChild(t);
		sec.el.setAttribute('data-latest', latest);
	}

	function showKPI(kpi, r, span) {
		var sec = section(kpi), rows = r.json, cols, unit;
		var kind = $('interval').value;

		sec.el.querySelector('.note').textContent = 'Top keys per ' +
		    NAMES[kind] + ' interval.';
		sec.el.setAttribute('data-http', String(r.status));
		if (r.status !== 200 || !Array.isArray(rows)) {
			sec.text = null;
			say(sec, 'error', 'The API says: ' + detail(r));
			return;
		}
		if (sec.text === r.text + '|' + kind)
			return;		/* unchanged (a 304, or the same rows) */
		sec.text = r.text + '|' + kind;
		if (rows.length === 0) {
			say(sec, 'empty', 'No rows in this range: the table is empty.');
			return;
		}
		cols = columns(rows[0]);
		unit = unitOf(cols.value);
		sec.el.querySelector('.note').textContent = 'Top ' + words(cols.key).toLowerCase() +
		    ' by ' + words(cols.value).toLowerCase() + ' per ' + NAMES[kind] +
		    ' interval, stacked.';
		dropChart(sec);
		sec.el.querySelector('.body').textContent = '';
		drawChart(sec, kpi, chartData(rows, cols, span > 86400), unit);
		drawTable(sec, kpi, rows, cols, unit);
		sec.el.setAttribute('data-rows', String(rows.length));
	}

	/* ---- refreshing ---- */

	function message(text) {
		var m = $('message');

		m.hidden = !text;
		m.textContent = text || '';
	}

	function loadKPIs() {
		if (state.kpis)
			return Promise.resolve(state.kpis);
		return getJSON('/api/KPIs/').then(function (r) {
			if (r.status !== 200 || !Array.isArray(r.json))
				throw new Error('/api/KPIs/: ' + detail(r));
			state.kpis = r.json;
			return state.kpis;
		});
	}

	function refresh() {
		var q = query();

		if (state.busy)
			return Promise.resolve();
		state.busy = true;
		document.body.setAttribute('data-state', 'loading');
		message(q.error);
		return Promise.all([
			getJSON('/api/status/').then(showStatus),
			q.error ? null : loadKPIs().then(function (kpis) {
				kpis.forEach(section);	/* in the API's order */
				return Promise.all(kpis.map(function (kpi) {
					return getJSON('/api/KPIs/' + kpi.id + '/?' + q.qs)
					    .then(function (r) { showKPI(kpi, r, q.span); })
					    .then(function () {
						return window.netkpiTop.show(section(kpi), kpi,
						    q.from, q.to, q.qs, getJSON);
					    });
				}));
			})
		]).then(function () {
			document.body.setAttribute('data-state', 'ready');
		}, function (e) {
			message('The API does not answer: ' + e.message);
			document.body.setAttribute('data-state', 'error');
		}).then(function () {
			document.body.setAttribute('data-updated', new Date().toISOString());
			state.busy = false;
		});
	}

	function schedule() {
		clearInterval(state.timer);
		state.timer = null;
		if ($('auto').checked)
			state.timer = setInterval(function () {
				if (!document.hidden)
					refresh();
			}, REFRESH_MS);
	}

	function showCustom() {
		var custom = $('range').value === 'custom';
		var now = new Date(), day = new Date(now.getTime() - 86400000);

		Array.prototype.forEach.call(document.querySelectorAll('.custom'),
		    function (f) { f.hidden = !custom; });
		if (custom && !$('from').value) {
			$('from').value = utcInput(day);
			$('to').value = utcInput(now);
		}
	}

	function start() {
		if (typeof Chart === 'undefined') {
			message('Chart.js did not load (/javascript/chart.js/chart.min.js; Debian package libjs-chart.js).');
			document.body.setAttribute('data-state', 'error');
			return;
		}
		Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
		Chart.defaults.color = '#1b1b1b';
		$('range').addEventListener('change', function () {
			showCustom();
			if ($('range').value !== 'custom')
				refresh();
		});
		$('interval').addEventListener('change', refresh);
		$('auto').addEventListener('change', schedule);
		$('controls').addEventListener('submit', function (e) {
			e.preventDefault();
			refresh();
		});
		document.addEventListener('visibilitychange', function () {
			if (!document.hidden && $('auto').checked)
				refresh();
		});
		showCustom();
		schedule();
		refresh();
	}

	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', start);
	else
		start();
}());
