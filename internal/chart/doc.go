// Package chart builds the ECharts options of the site's charts from the
// model, and the table of the same numbers that every chart carries for
// readers who cannot see it. It writes data, not markup: how a chart's
// card looks is render's (render/fragments.go and the chart partial), and
// the words and number formats of a chart's table, labels and tooltips
// come from render too ([Words]), the same as the page around it uses.
//
// Options are data only: no JavaScript functions travel in them, which
// keeps the JSON safe to embed and identical from build to build. What a
// chart shows of a figure (its value labels and tooltips) is written here,
// by the function that writes the chart's table, and travels in the
// option under the key "townpress" (see pointText); the page script turns
// it into ECharts formatters. ECharts would otherwise format the binary
// float of each point itself, and 6.25 or 2.675 would show other digits
// than the table's.
//
// # Options: go-echarts' types, our own option
//
// An option is an [Option]: a struct of go-echarts' opts types (grid,
// legend, tooltip, axes, go-echarts' series type), one field per
// component we set, marshalled with encoding/json. go-echarts' own chart
// types (charts.Bar, charts.Line) are not used. They are made to render
// a whole HTML page of their own, with the library loaded from an assets
// host (a CDN by default), a random chart id and a toolbox and title
// always in the option; townpress embeds options in its own pages, serves
// ECharts itself, adds the toolbox from the page script and shows the
// title as the card's heading. Built with charts.Bar, every option had
// keys deleted from go-echarts' map after the fact, and every page paid
// for go-echarts' reflection. What go-echarts gives that we want is the
// vocabulary: each opts type is an ECharts component with ECharts' field
// names and JSON keys, kept up to date by that project. A thin typed option
// over those types says what each chart draws and nothing else, and its
// JSON is exactly what the struct holds, which is what lets Skeletons
// fill one marshalled option per indicator for every town (tested byte
// for byte against marshalling the town's own Option).
package chart
