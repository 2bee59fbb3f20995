"""Rendering: Rich renderables for people, plain text and JSON for pipes.

`views` holds the view models the three renderers share; `human` builds Rich
renderables (imported only when output goes to a terminal), `plain` and
`jsonout` build strings.
"""
