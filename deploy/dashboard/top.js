/* top.js: the dashboard's "top over the range" panel and CSV links, per KPI */
'use strict';

/*
 * window.netkpiTop.show(section, kpi, range, rowsQuery): below a KPI's
 * chart, its top keys over the whole range the user picked
 * (/api/KPIs/<id>/top/), estimated values marked as such, and links to
 * the CSV of what is on screen: the KPI's rows and the top keys.
 * range is {start, end} (Dates on five-minute boundaries); rowsQuery
 * the query string of the rows the chart shows.  Returns a promise.
 */
window.netkpiTop = (function () {
	var N = 10;
	var FIVE = 300000;
	var absent = {};	/* KPI id -> 1: its top/ answered 404 */

	function el(tag, attrs, text) {
		var e = document.createElement(tag), k;

		for (k in attrs || {})
			e.setAttribute(k, attrs[k]);
		if (text !== undefined)
			e.textContent = text;
		return e;
	}

	function iso(d) {
		return d.toISOString().replace(/\.000Z$/, 'Z');
	}

	/* The range of a query as the top endpoint takes it. */
	function bounds(from, to) {
		var s = Math.floor(from.getTime() / FIVE) * FIVE;
		var e = Math.ceil(to.getTime() / FIVE) * FIVE;

		return { start: new Date(s), end: new Date(e > s ? e : s + FIVE) };
	}

	function words(column) {
		var s = column.replace(/_/g, ' ');

		return s.charAt(0).toUpperCase() + s.slice(1);
	}

	function value(column, v, approx) {
		var units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'], i = 0;

		if (/bytes/.test(column)) {
			while (Math.abs(v) >= 1000 && i < units.length - 1) {
				v /= 1000;
				i++;
			}
			return i === 0 ? v + ' bytes' : (v >= 100 ? v.toFixed(0) :
			    v >= 10 ? v.toFixed(1) : v.toFixed(2)) + ' ' + units[i];
		}
		return (approx ? '\u2248\u00a0' : '') + v.toLocaleString('en-US') +
		    (/users/.test(column) ? (v === 1 ? ' user' : ' users') : '');
	}

	/* The panel of sec, made once. */
	function panel(sec) {
		var p = sec.el.querySelector('.range-top');

		if (p)
			return p;
		p = el('div', { 'class': 'range-top' });
		p.appendChild(el('h3', null, 'Top ' + N + ' over the range'));
		p.appendChild(el('p', { 'class': 'top-note' }));
		p.appendChild(el('ol', { 'class': 'top-list' }));
		p.appendChild(el('p', { 'class': 'downloads' }));
		sec.el.appendChild(p);
		return p;
	}

	function links(p, kpi, rowsQuery, topQuery) {
		var d = p.querySelector('.downloads');

		d.textContent = 'Download CSV: ';
		d.appendChild(el('a', { href: '/api/KPIs/' + kpi.id + '/?' + rowsQuery +
		    '&format=csv', download: 'kpi-' + kpi.id + '-rows.csv',
		    'class': 'csv-rows' }, 'the rows of the chart'));
		d.appendChild(document.createTextNode(', '));
		d.appendChild(el('a', { href: '/api/KPIs/' + kpi.id + '/top/?' + topQuery +
		    '&format=csv', download: 'kpi-' + kpi.id + '-top.csv',
		    'class': 'csv-top' }, 'the top ' + N));
	}

	function fill(p, t) {
		var list = p.querySelector('.top-list'), note = p.querySelector('.top-note');
		var key, val, extra;

		list.textContent = '';
		p.setAttribute('data-approximate', String(!!t.approximate));
		extra = t.approximate ? ' Values marked \u2248 are estimates (standard error ' +
		    (t.relative_error * 100).toFixed(2) + '%).' : ' Exact totals.';
		note.textContent = iso(new Date(t.start)).slice(0, 16).replace('T', ' ') +
		    ' to ' + iso(new Date(t.end)).slice(0, 16).replace('T', ' ') +
		    ' UTC, ' + t.intervals + ' five-minute intervals with data.' + extra;
		if (t.rows.length === 0) {
			list.appendChild(el('li', { 'class': 'top-none' }, 'No data in this range.'));
			return;
		}
		key = Object.keys(t.rows[0])[0];
		val = Object.keys(t.rows[0])[1];
		t.rows.forEach(function (r, i) {
			var li = el('li', { 'data-key': String(r[key]), 'data-value': String(r[val]) });

			li.appendChild(el('span', { 'class': 'top-key' }, (i + 1) + '. ' +
			    words(key) + ' ' + r[key]));
			li.appendChild(el('span', { 'class': 'top-value' + (t.approximate ? ' estimate' : ''),
			    title: t.approximate ? 'estimated' : 'exact' },
			    value(val, r[val], t.approximate)));
			list.appendChild(li);
		});
	}

	function show(sec, kpi, from, to, rowsQuery, getJSON) {
		var p = panel(sec), b = bounds(from, to);
		var q = 'start=' + encodeURIComponent(iso(b.start)) + '&end=' +
		    encodeURIComponent(iso(b.end)) + '&n=' + N;

		links(p, kpi, rowsQuery, q);
		/* An API without it (an older netkpi) is not asked again. */
		if (absent[kpi.id]) {
			p.hidden = true;
			return Promise.resolve();
		}
		return getJSON('/api/KPIs/' + kpi.id + '/top/?' + q).then(function (r) {
			var note = p.querySelector('.top-note');

			if (r.status === 404)
				absent[kpi.id] = 1;
			if (r.status !== 200 || !r.json || !Array.isArray(r.json.rows)) {
				p.querySelector('.top-list').textContent = '';
				note.textContent = 'No top over the range: HTTP ' + r.status + '.';
				p.setAttribute('data-http', String(r.status));
				return;
			}
			p.setAttribute('data-http', '200');
			fill(p, r.json);
		});
	}

	return { show: show, bounds: bounds };
}());
