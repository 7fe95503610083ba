<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>hcgis::viewer::IdentifyPanel</name>
    <message>
        <source>步行至最近健身设施</source>
        <translation>Walk to the nearest fitness site</translation>
    </message>
    <message>
        <source>超出范围</source>
        <translation>beyond reach</translation>
    </message>
    <message>
        <source>此处无要素</source>
        <translation>Nothing here</translation>
    </message>
    <message>
        <source>常住人口</source>
        <translation>Residents</translation>
    </message>
    <message>
        <source>无等级</source>
        <translation>No class</translation>
    </message>
    <message>
        <source>拟建</source>
        <translation>Proposed</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>位置</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>街道</source>
        <translation>District</translation>
    </message>
    <message>
        <source>不在任何街道内</source>
        <translation>outside every district</translation>
    </message>
    <message>
        <source>推荐理由</source>
        <translation>Why here:</translation>
    </message>
</context>
<context>
    <name>hcgis::viewer::LayerPanel</name>
    <message>
        <source>默认（按目标）</source>
        <translation>Default (by target)</translation>
    </message>
    <message>
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <source>颜色与透明度…</source>
        <translation>Colour and opacity…</translation>
    </message>
    <message>
        <source>样式文件</source>
        <translation>Style files</translation>
    </message>
    <message>
        <source>线宽 / 符号大小…</source>
        <translation>Line width / symbol size…</translation>
    </message>
    <message>
        <source>毫米</source>
        <translation>millimetres</translation>
    </message>
</context>
<context>
    <name>hcgis::viewer::MainWindow</name>
    <message>
        <source>导出街道指标(&amp;E)…</source>
        <translation>&amp;Export districts…</translation>
    </message>
    <message>
        <source>已导出</source>
        <translation>Exported</translation>
    </message>
    <message>
        <source>导出专题图…</source>
        <translation>Export map…</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>打开项目(&amp;O)…</source>
        <translation>&amp;Open project…</translation>
    </message>
    <message>
        <source>hcgis 项目 (*.json)</source>
        <translation>hcgis project (*.json)</translation>
    </message>
    <message>
        <source>最近的项目</source>
        <translation>Recent projects</translation>
    </message>
    <message>
        <source>修复无效几何（--repair）</source>
        <translation>Repair invalid geometry (--repair)</translation>
    </message>
    <message>
        <source>打印(&amp;P)…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>全图</source>
        <translation>Zoom to full extent</translation>
    </message>
    <message>
        <source>缩放到街道</source>
        <translation>Zoom to district</translation>
    </message>
    <message>
        <source>缩放到图层</source>
        <translation>Zoom to layer</translation>
    </message>
    <message>
        <source>语言 / Language</source>
        <translation>Language / 语言</translation>
    </message>
    <message>
        <source>服务范围(&amp;C)</source>
        <translation>&amp;Coverage</translation>
    </message>
    <message>
        <source>hcgis 健康城市 GIS</source>
        <translation>hcgis healthy-city GIS</translation>
    </message>
    <message>
        <source>图层</source>
        <translation>Layers</translation>
    </message>
    <message>
        <source>指标</source>
        <translation>Indicators</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Identify</translation>
    </message>
    <message>
        <source>可在“文件”菜单中开启“修复无效几何”，项目将重新打开。</source>
        <translation>Turn on File › Repair invalid geometry and the project opens again.</translation>
    </message>
    <message>
        <source>无法打开项目</source>
        <translation>Cannot open the project</translation>
    </message>
    <message>
        <source>样式</source>
        <translation>Style</translation>
    </message>
    <message>
        <source>比例尺</source>
        <translation>Scale</translation>
    </message>
    <message>
        <source>导出街道指标</source>
        <translation>Export districts</translation>
    </message>
    <message>
        <source>导出专题图</source>
        <translation>Export map</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>方案(&amp;S)</source>
        <translation>&amp;Scenario</translation>
    </message>
    <message>
        <source>方案工具</source>
        <translation>Scenario tools</translation>
    </message>
</context>
<context>
    <name>hcgis::viewer::ScorecardPanel</name>
    <message>
        <source>街道</source>
        <translation>District</translation>
    </message>
    <message>
        <source>现状</source>
        <translation>Now</translation>
    </message>
    <message>
        <source>方案</source>
        <translation>Proposed</translation>
    </message>
    <message>
        <source>变化</source>
        <translation>Change</translation>
    </message>
    <message>
        <source> 个百分点</source>
        <translation> pp</translation>
    </message>
</context>
<context>
    <name>hcgis::viewer::SuggestDialog</name>
    <message>
        <source>推荐选址</source>
        <translation>Suggest sites</translation>
    </message>
    <message>
        <source>新增数量</source>
        <translation>Number of new sites</translation>
    </message>
    <message>
        <source>达到目标为止</source>
        <translation>Until the target is met</translation>
    </message>
    <message>
        <source>全部街道</source>
        <translation>All districts</translation>
    </message>
    <message>
        <source>新址最小间距</source>
        <translation>Minimum separation of new sites</translation>
    </message>
    <message>
        <source>设施</source>
        <translation>Facility</translation>
    </message>
    <message>
        <source>方式</source>
        <translation>How many</translation>
    </message>
    <message>
        <source>街道</source>
        <translation>District</translation>
    </message>
    <message>
        <source>候选点间距</source>
        <translation>Candidate spacing</translation>
    </message>
    <message>
        <source>求解时限</source>
        <translation>Solver time limit</translation>
    </message>
</context>
<context>
    <name>hcgis::viewer::Workbench</name>
    <message>
        <source>查询</source>
        <translation>Identify</translation>
    </message>
    <message>
        <source>添加公厕</source>
        <translation>Add toilet</translation>
    </message>
    <message>
        <source>添加健身点</source>
        <translation>Add fitness site</translation>
    </message>
    <message>
        <source>移动</source>
        <translation>Move</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>编辑等级</source>
        <translation>Edit class</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>推荐选址…</source>
        <translation>Suggest sites…</translation>
    </message>
    <message>
        <source>不显示</source>
        <translation>None</translation>
    </message>
    <message>
        <source>公厕</source>
        <translation>Toilets</translation>
    </message>
    <message>
        <source>健身设施</source>
        <translation>Fitness sites</translation>
    </message>
    <message>
        <source>保存方案…</source>
        <translation>Save scenario…</translation>
    </message>
    <message>
        <source>打开方案…</source>
        <translation>Open scenario…</translation>
    </message>
    <message>
        <source>清除方案</source>
        <translation>Clear scenario</translation>
    </message>
    <message>
        <source>待覆盖居民</source>
        <translation>Residents not covered</translation>
    </message>
    <message>
        <source>无等级</source>
        <translation>No class</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>保存方案</source>
        <translation>Save scenario</translation>
    </message>
    <message>
        <source>打开方案</source>
        <translation>Open scenario</translation>
    </message>
    <message>
        <source>方案 GeoPackage (*.gpkg)</source>
        <translation>Scenario GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <source>推荐选址</source>
        <translation>Suggest sites</translation>
    </message>
    <message>
        <source>无需新增站点：目标已达到，或没有可用的候选点。</source>
        <translation>No new site needed: the target is met, or no candidate is available.</translation>
    </message>
    <message>
        <source>正在推荐选址…</source>
        <translation>Suggesting sites…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>推荐选址已取消，未添加站点。</source>
        <translation>Site suggestion cancelled; no site added.</translation>
    </message>
    <message>
        <source>导出拟建站点（GeoJSON）…</source>
        <translation>Export proposed sites (GeoJSON)…</translation>
    </message>
    <message>
        <source>导出拟建站点</source>
        <translation>Export proposed sites</translation>
    </message>
</context>
<context>
    <name>hcgis::viewer::error</name>
    <message>
        <source>内部错误（hcgis 程序的缺陷，不是数据的问题，请报告）：%1</source>
        <translation>Internal error (a fault in hcgis, not in your data; please report it): %1</translation>
    </message>
</context>
<context>
    <name>hcgis::viewer::role</name>
    <message>
        <source>服务范围</source>
        <translation>Catchments</translation>
    </message>
    <message>
        <source>健身设施步行服务范围</source>
        <translation>Fitness walking catchments</translation>
    </message>
    <message>
        <source>公园绿地服务范围</source>
        <translation>Park catchments</translation>
    </message>
    <message>
        <source>公厕服务范围</source>
        <translation>Toilet catchments</translation>
    </message>
</context>
</TS>
