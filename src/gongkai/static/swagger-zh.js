// Swagger UI has no translations: its fixed labels are replaced by Chinese ones as it draws them.
(function () {
  var WORDS = {
    "Try it out": "试一试", "Cancel": "取消", "Execute": "执行", "Clear": "清除", "Parameters": "参数",
    "No parameters": "无参数", "Request body": "请求内容", "Responses": "响应", "Response": "响应",
    "Code": "状态码", "Description": "说明", "Links": "链接", "No links": "无链接", "Name": "名称",
    "Example Value": "示例", "Schema": "结构", "Schemas": "数据结构", "Media type": "媒体类型",
    "Server response": "服务器响应", "Response body": "响应内容", "Response headers": "响应头",
    "Request URL": "请求地址", "Curl": "curl 命令", "Download": "下载", "Details": "详情",
    "Undocumented": "未说明", "required": "必填", "Authorize": "授权", "Close": "关闭", "Logout": "退出",
    "Available authorizations": "可用的授权", "Loading...": "加载中……", "Filter by tag": "按标签筛选",
    "Responses ": "响应", "Successful Response": "成功", "Expand all": "全部展开", "Collapse all": "全部折叠",
    "Value": "值", "Servers": "服务器", "Explore": "浏览", "default": "默认"
  };
  function translate(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      var text = node.nodeValue.trim();
      if (Object.prototype.hasOwnProperty.call(WORDS, text)) {
        node.nodeValue = node.nodeValue.replace(text, WORDS[text]);
      }
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var ui = document.getElementById("swagger-ui");
    translate(ui);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        if (change.type === "characterData") { translate(change.target.parentNode); return; }
        change.addedNodes.forEach(function (n) { translate(n.nodeType === 1 ? n : n.parentNode); });
      });
    }).observe(ui, {childList: true, subtree: true, characterData: true});
  });
})();
